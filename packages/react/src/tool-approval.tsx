/**
 * `<ToolApproval>`: approve or reject the tool calls waiting for the user, unstyled.
 * @module
 */
import type { HTMLAttributes, ReactNode } from 'react';
import type { ToolCall } from './tool-calls-model.js';
import { useToolCalls } from './use-tool-calls.js';

/** What a custom {@link ToolApproval} rendering gets besides the call. */
export interface ToolApprovalActions {
  approve: () => void;
  reject: (message?: string) => void;
}

/** Props of {@link ToolApproval}: a `<section>`'s, plus a render prop. */
export interface ToolApprovalProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** Draw one pending call yourself. */
  children?: (call: ToolCall, actions: ToolApprovalActions) => ReactNode;
  /** Why, told to the model on reject (it always hears that the user declined the call). */
  rejectMessage?: string;
}

/**
 * One `<fieldset>` per call awaiting approval (legend “Allow <tool>?”): the tool name, its arguments,
 * Approve and Reject buttons.
 * Renders nothing when no call waits.
 * @example
 * <ToolApproval className="approvals" />
 * <ToolApproval>{(call, { approve }) => <button onClick={approve}>Run {call.toolName}</button>}</ToolApproval>
 */
export function ToolApproval({ children, rejectMessage, ...rest }: ToolApprovalProps) {
  const { pending, approve, reject } = useToolCalls();
  if (pending.length === 0) return null;
  return (
    <section aria-label="Tool calls awaiting approval" {...rest}>
      {pending.map((call) => {
        const actions: ToolApprovalActions = {
          approve: () => approve(call.callId),
          reject: (message) => reject(call.callId, message ?? rejectMessage),
        };
        return (
          <fieldset key={call.callId} data-tool={call.toolName}>
            <legend>Allow {call.toolName}?</legend>
            {children ? (
              children(call, actions)
            ) : (
              <>
                <span data-part="name">{call.toolName}</span>
                <code data-part="arguments">{JSON.stringify(call.arguments)}</code>
                <button type="button" onClick={actions.approve}>
                  Approve
                </button>
                <button type="button" onClick={() => actions.reject()}>
                  Reject
                </button>
              </>
            )}
          </fieldset>
        );
      })}
    </section>
  );
}
