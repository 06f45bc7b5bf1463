// A mock OpenID Connect provider for tests/test_oidc.py; never used outside the tests.
//
//   node tests/oidc/server.js [PORT] [CLAIMS_FILE]
//
// PORT (or $OIDC_PORT): the port on 127.0.0.1 to listen on; 0 or nothing picks a free one.
// CLAIMS_FILE (or $OIDC_CLAIMS_FILE): a JSON object of claims added to every ID token, read again
// for each token, so a test chooses who signs in next by rewriting the file (e.g.
// {"sub": "u1", "email": "viewer@example.org", "groups": ["analysts-group"]}). A claim given
// here replaces the provider's own, so "iat" can be set in the past to test session age.
//
// oauth2-mock-server approves every authorisation request at once (no login form) and accepts
// any client id and secret. When it listens, one line of JSON goes to standard output:
// {"issuer": "http://127.0.0.1:PORT", "port": PORT}. SIGTERM or SIGINT stops it.

'use strict';

const fs = require('node:fs');
const { OAuth2Server } = require('oauth2-mock-server');

const HOST = '127.0.0.1';
const port = Number(process.argv[2] ?? process.env.OIDC_PORT ?? 0);
const claimsFile = process.argv[3] ?? process.env.OIDC_CLAIMS_FILE ?? '';

function readClaims() {
  if (!claimsFile || !fs.existsSync(claimsFile)) {
    return {};
  }
  const claims = JSON.parse(fs.readFileSync(claimsFile, 'utf8'));
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    throw new Error(`${claimsFile} must hold a JSON object of claims`);
  }
  return claims;
}

async function main() {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`not a port number: ${process.argv[2] ?? process.env.OIDC_PORT}`);
  }
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');

  // The token endpoint signs an access token (which carries "scope") and then an ID token (which
  // carries "aud", the client id, and no "scope"): only the ID token gets the chosen claims.
  server.service.on('beforeTokenSigning', (token) => {
    const isIdToken = token.payload.scope === undefined && token.payload.aud !== undefined;
    if (isIdToken) {
      Object.assign(token.payload, readClaims());
    }
  });

  await server.start(port, HOST);
  const { port: actualPort } = server.address();
  // The library names the issuer "localhost", which may resolve to ::1 where nothing listens.
  server.issuer.url = `http://${HOST}:${actualPort}`;
  process.stdout.write(`${JSON.stringify({ issuer: server.issuer.url, port: actualPort })}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
