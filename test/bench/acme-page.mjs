// The page test/bench/acme-bench.mjs drives: ACME operations through the built package, timed here with
// performance.now(). `window.benchPublish` is a node function (puppeteer's exposeFunction) that places a
// challenge answer with pebble-challtestsrv.
import { AcmeClient, acmeSigner, generateAccountKey, orderCertificate } from 'shirushi';

let client;
let eab;
const issued = [];
let counter = 0;
const name = () => `bench-${Date.now().toString(36)}-${counter++}.acme.test`;

async function newAccount() {
  const signer = await acmeSigner(await generateAccountKey('ES256'));
  await client.newAccount({ signer, termsOfServiceAgreed: true, eab });
}

async function order(type) {
  const result = await orderCertificate({
    client,
    names: [name()],
    challengeType: type,
    onChallenges: async (answers) => {
      for (const answer of answers) await window.benchPublish(answer);
    },
  });
  issued.push(result.certificate.chain[0]);
  return result;
}

window.acmeBench = {
  async setUp(directoryUrl, key) {
    client = await AcmeClient.connect(directoryUrl);
    eab = key;
    await newAccount();
  },
  async run(op, type) {
    // A certificate to revoke is ordered before the clock starts.
    if (op === 'revoke' && issued.length === 0) await order('http-01');
    const start = performance.now();
    if (op === 'account') await newAccount();
    else if (op === 'order') await order(type);
    else if (op === 'revoke') await client.revokeCertificate(issued.pop(), 4);
    else throw new Error(`unknown operation ${op}`);
    return performance.now() - start;
  },
};
