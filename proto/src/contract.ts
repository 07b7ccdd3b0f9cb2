import type { DescMessage } from '@bufbuild/protobuf';

/** A request/reply contract on a NATS subject `<service>.<noun>.<verb>`. */
export interface RequestContract<
  Req extends DescMessage = DescMessage,
  Rep extends DescMessage = DescMessage,
> {
  readonly request: Req;
  readonly reply: Rep;
}

export const contract = <Req extends DescMessage, Rep extends DescMessage>(
  request: Req,
  reply: Rep,
) => ({ request, reply }) as const satisfies RequestContract<Req, Rep>;
