import { OutboxWriter } from './outbox-writer';

describe('OutboxWriter.rows', () => {
  it('answers the outbox columns of events in order, for a statement of the caller’s own', () => {
    const writer = new OutboxWriter('cluster');
    expect(writer.table).toBe('"cluster".outbox');
    expect(writer.channel).toBe('strata_outbox_cluster');
    const data = {
      orgId: '00000000-0000-4000-8000-000000000001',
      clusterId: '00000000-0000-4000-8000-000000000002',
      clusterName: 'demo',
      runId: '00000000-0000-4000-8000-000000000003',
      action: 'apply',
      state: 'RUNNING',
      reason: '',
      actorUserId: 'u1',
    };
    const rows = writer.rows([
      { subject: 'evt.cluster.run.started', data, eventId: '00000000-0000-4000-8000-00000000000a' },
      { subject: 'evt.cluster.run.succeeded', data: { ...data, state: 'SUCCEEDED' } },
    ]);
    expect(rows.ids[0]).toBe('00000000-0000-4000-8000-00000000000a');
    expect(rows.ids[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows.subjects).toEqual(['evt.cluster.run.started', 'evt.cluster.run.succeeded']);
    expect(JSON.parse(rows.payloads[1]!)).toMatchObject({ run_id: data.runId, state: 'SUCCEEDED' });
    expect(rows.headers).toHaveLength(2);
    expect(JSON.parse(rows.headers[0]!)).toHaveProperty('Strata-Occurred-At');
  });
});
