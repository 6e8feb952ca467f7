/**
 * Catch what would otherwise escape a fuzz case: unhandled rejections and uncaught exceptions.
 * @module
 */

/**
 * Start collecting; `dispose()` stops. Node only.
 * @example
 * const traps = trapProcessErrors();
 * await driveSession(steps, traps.errors);
 * traps.dispose();
 */
export function trapProcessErrors(): { errors: unknown[]; dispose(): void } {
  const errors: unknown[] = [];
  const onRejection = (reason: unknown) => errors.push(reason);
  const onException = (error: unknown) => errors.push(error);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    errors,
    dispose: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
