// Runs the GraphQL-over-HTTP specification's server audits (the `graphql-http` package's
// `serverAudits`) against one URL and prints one JSON line per audit:
//   node audit.cjs http://127.0.0.1:PORT/graphql
// The package comes from NODE_PATH (CI installs it with npm into a folder of its own).
'use strict';

const { serverAudits } = require('graphql-http');

async function main() {
  const url = process.argv[2];
  if (!url) {
    console.error('usage: node audit.cjs URL');
    process.exit(2);
  }
  for (const audit of serverAudits({ url, fetchFn: fetch })) {
    const result = await audit.fn();
    const line = { id: result.id, name: result.name, status: result.status };
    if (result.status !== 'ok') {
      line.reason = result.reason;
      if (result.response) {
        line.responseStatus = result.response.status;
        try {
          line.responseBody = await result.response.text();
        } catch (_) {
          // A body already read by the audit itself.
        }
      }
    }
    console.log(JSON.stringify(line));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
