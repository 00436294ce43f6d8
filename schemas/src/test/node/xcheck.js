// Cross-check of the Confluent wire format with @kafkajs/confluent-schema-registry.
//   node xcheck.js decode <registryUrl> <hex>
//       prints the decoded record as one line of JSON (longs as numbers)
//   node xcheck.js encode <registryUrl> <subject> <schemaFile> <payloadFile>
//       registers the schema under the subject, encodes the payload, prints the hex bytes
'use strict';
const fs = require('fs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

async function main([mode, url, ...args]) {
  const registry = new SchemaRegistry({ host: url });
  if (mode === 'decode') {
    const record = await registry.decode(Buffer.from(args[0], 'hex'));
    return JSON.stringify(record, (key, value) => (typeof value === 'bigint' ? Number(value) : value));
  }
  if (mode === 'encode') {
    const [subject, schemaFile, payloadFile] = args;
    const schema = fs.readFileSync(schemaFile, 'utf8');
    const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject });
    const payload = JSON.parse(fs.readFileSync(payloadFile, 'utf8'));
    return (await registry.encode(id, payload)).toString('hex');
  }
  throw new Error('usage: xcheck.js decode <url> <hex> | encode <url> <subject> <schemaFile> <payloadFile>');
}

main(process.argv.slice(2)).then(
  (output) => console.log(output),
  (error) => {
    console.error(error && error.stack ? error.stack : error);
    process.exit(1);
  },
);
