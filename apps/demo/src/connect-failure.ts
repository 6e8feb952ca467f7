/**
 * `ConnectFailure`: a failed connect with the message to show in `status`.
 * @module
 */
import { describeError, type Phase } from './describe-error.js';

/** A failed connect; `message` is the user-facing sentence, `cause` the original error. */
export class ConnectFailure extends Error {
  override readonly name = 'ConnectFailure';
  constructor(
    readonly phase: Phase,
    cause: unknown,
  ) {
    super(describeError(cause, phase), { cause });
  }
}
