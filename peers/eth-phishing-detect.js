#!/usr/bin/env node
// MetaMask's eth-phishing-detect as a peer for `scamguard eval`: same hosts, same Amazon domains.
//   node eth-phishing-detect.js CONFIG.json < hostnames      one hostname per line in,
//                                                           one JSON object per line out, in order
// CONFIG.json is one configuration in the detector's own format ({name, version, fuzzylist, allowlist[,
// tolerance]}); scamguard writes it from the helper's brand data. Nothing here touches the network.
'use strict'
const fs = require('fs')
const readline = require('readline')
const { domainToASCII } = require('url')
const PhishingDetector = require('eth-phishing-detect/src/detector')

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))
const detector = new PhishingDetector([config])
const out = []

function flush () {
  if (out.length) process.stdout.write(out.join(''))
  out.length = 0
}

readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
  .on('line', (line) => {
    const host = line.trim()
    // MetaMask checks the punycode host the browser gives it; domainToASCII also lower-cases.
    const ascii = host ? domainToASCII(host) : ''
    if (!ascii) {
      out.push(JSON.stringify({ host, error: 'not a valid hostname' }) + '\n')
    } else {
      const r = detector.check(ascii)
      out.push(JSON.stringify({ host, ascii, result: r.result, type: r.type, match: r.match || null }) + '\n')
    }
    if (out.length >= 1000) flush()
  })
  .on('close', flush)
