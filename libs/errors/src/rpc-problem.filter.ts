import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { DomainError } from './domain.error';
import { internalProblem } from './internal-problem';
import { Problem } from './problem';

/**
 * Turns anything thrown by a message handler into a Problem sent back over NATS, so the status
 * and code survive the hop. Unexpected errors are logged here and leave as a bare 500.
 */
@Catch()
export class RpcProblemFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<Problem> {
    if (exception instanceof DomainError) return throwError(() => exception.toProblem());
    const pattern = host.getType() === 'rpc' ? host.switchToRpc().getContext()?.getSubject?.() : '';
    this.logger.error({ err: exception, subject: pattern }, 'unhandled error in message handler');
    return throwError(() => internalProblem());
  }
}
