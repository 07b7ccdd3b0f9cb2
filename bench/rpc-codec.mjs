// The CPU cost of one RPC's message handling (encode, decode, protovalidate rules) and of Nest's
// handler lookup, before and after issue 15's "each message checked once": measured in one
// process, the two variants alternating round by round, so a loaded machine slows both alike.
// A report, not a test.
//
//   npm run build && node bench/rpc-codec.mjs
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const proto = require('@strata/proto');
const { ServerNats } = require('@nestjs/microservices');
const { NatsServer } = require('@strata/messaging/dist/nats-server');
const {
  ProfileSchema,
  GetProfileRequestSchema,
  ListClustersRequestSchema,
  ListClustersReplySchema,
} = proto;

const UUID = '3f1e7a4c-8d2b-4c1a-9e3f-1a2b3c4d5e6f';
const ts = { seconds: 1764700000n, nanos: 0 };
const profile = {
  userId: UUID,
  email: 'ada@example.com',
  username: 'ada',
  activeOrgId: UUID,
  activeOrgName: 'Acme',
  role: 1,
  createdAt: ts,
};
const cluster = (i) => ({
  id: UUID,
  orgId: UUID,
  name: `bench-${i}`,
  provider: 'sandbox',
  region: 'sandbox-1',
  vpcCidr: '10.0.0.0/16',
  publicSubnetCidrs: ['10.0.0.0/24'],
  privateSubnetCidrs: ['10.0.1.0/24'],
  kubernetesVersion: '1.31',
  nodePool: { instanceType: 'sandbox.small', minSize: 1, maxSize: 2 },
  state: 'READY',
  progressStep: 'step-3',
  progressPercent: 100,
  createdAt: ts,
  updatedAt: ts,
  createdBy: UUID,
});

/** One RPC as the wire sees it: the caller encodes, the service decodes, answers, the caller decodes. */
function rpc(requestSchema, request, replySchema, reply, checkedOnce) {
  const off = { validate: !checkedOnce };
  const wireRequest = JSON.parse(JSON.stringify(proto.toWireJson(requestSchema, request, off)));
  proto.decodeMessage(requestSchema, wireRequest);
  const wireReply = JSON.parse(JSON.stringify(proto.toWireJson(replySchema, reply)));
  proto.decodeMessage(replySchema, wireReply, off);
}

const cases = [
  [
    'accounts.profile.get (GET /me)',
    (once) => rpc(GetProfileRequestSchema, {}, ProfileSchema, profile, once),
  ],
  [
    'cluster.cluster.list, 10 clusters',
    (once) =>
      rpc(
        ListClustersRequestSchema,
        { orgId: UUID },
        ListClustersReplySchema,
        { clusters: Array.from({ length: 10 }, (_, i) => cluster(i)) },
        once,
      ),
  ],
];

const ROUNDS = 10;
const timeUs = (fn, n) => {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t) / 1e3 / n;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log('| RPC | both ends check (µs) | checked once (µs) | after ÷ before |');
console.log('|---|---:|---:|---:|');
for (const [name, run] of cases) {
  const n = name.includes('10 clusters') ? 200 : 2000;
  for (let i = 0; i < n; i++) {
    run(false); // warm-up
    run(true);
  }
  const before = [];
  const after = [];
  for (let r = 0; r < ROUNDS; r++) {
    before.push(timeUs(() => run(false), n));
    after.push(timeUs(() => run(true), n));
  }
  const [b, a] = [median(before), median(after)];
  console.log(`| ${name} | ${b.toFixed(1)} | ${a.toFixed(1)} | ${(a / b).toFixed(2)}× |`);
}

const options = { servers: ['nats://127.0.0.1:4222'] };
const nest = new ServerNats(options);
const ours = new NatsServer(options);
const subject = 'accounts.profile.get';
const lookups = { nest: [], ours: [] };
for (let r = 0; r < ROUNDS; r++) {
  lookups.nest.push(timeUs(() => nest.getRouteFromPattern(subject), 20_000));
  lookups.ours.push(timeUs(() => ours.getRouteFromPattern(subject), 20_000));
}
console.log(
  `| handler lookup per message (Nest's ServerNats → NatsServer) | ${median(lookups.nest).toFixed(2)} | ${median(lookups.ours).toFixed(2)} | ${(median(lookups.ours) / median(lookups.nest)).toFixed(3)}× |`,
);
