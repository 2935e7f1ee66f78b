#!/usr/bin/env node
// The floor: what any comment-preserving YAML tool pays. Reads stdin with the `yaml` Document API
// (parseAllDocuments, the same parser secure-monitors uses) and writes every document back with
// toString; no other work.
import { parseAllDocuments } from 'yaml';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString('utf8');
const docs = parseAllDocuments(text);
const out = (Array.isArray(docs) ? docs : [docs]).map((doc) => doc.toString({ lineWidth: 0 })).join('');
process.stdout.write(out);
