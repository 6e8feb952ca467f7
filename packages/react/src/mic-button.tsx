/**
 * `<MicButton>`: mute toggle or push-to-talk, unstyled.
 * @module
 */
import {
  type ButtonHTMLAttributes,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
  useEffect,
  useState,
} from 'react';
import { useSessionStore, useSlice } from './provider.js';

/** What {@link MicButton}'s `className` and `children` functions get. */
export interface MicButtonState {
  mode: 'toggle' | 'push-to-talk';
  /** The microphone is muted (nothing is sent). */
  muted: boolean;
  /** Push-to-talk is held. */
  talking: boolean;
  /** Not connected. */
  disabled: boolean;
}

/** Props of {@link MicButton}: a `<button>`'s, plus the mode and render props. */
export interface MicButtonProps
  extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children' | 'className' | 'type'> {
  /**
   * `toggle` (default): each click mutes / unmutes. `push-to-talk`: the session switches to
   * `turnDetection: null`, the microphone is open only while the button (or Space / Enter on it) is
   * held, and releasing it commits the turn.
   */
  mode?: 'toggle' | 'push-to-talk';
  className?: string | ((state: MicButtonState) => string);
  children?: ReactNode | ((state: MicButtonState) => ReactNode);
}

/**
 * A button that mutes the microphone, or talks while held. `aria-pressed` is true while muted
 * (toggle) or held (push-to-talk); disabled until connected.
 * @example
 * <MicButton className={({ muted }) => (muted ? 'mic off' : 'mic')} />
 * <MicButton mode="push-to-talk">{({ talking }) => (talking ? 'Release to send' : 'Hold to talk')}</MicButton>
 */
export function MicButton({ mode = 'toggle', className, children, ...rest }: MicButtonProps) {
  const store = useSessionStore('MicButton');
  const session = useSlice(
    'MicButton',
    (s) => s.connection,
    (c) => c.session,
  );
  const muted = useSlice('MicButton', (s) => s.muted);
  const [talking, setTalking] = useState(false);
  const ptt = mode === 'push-to-talk';

  useEffect(() => {
    if (!ptt || !session) return;
    store.mute(true);
    void session.setTurnDetection(null).catch(() => undefined);
  }, [ptt, session, store]);

  const down = () => {
    if (!session || talking) return;
    setTalking(true);
    session.startPushToTalk();
    store.mute(false);
  };
  const up = () => {
    if (!talking) return;
    setTalking(false);
    store.mute(true);
    if (!session?.closed) session?.endPushToTalk();
  };
  const key = (e: KeyboardEvent<HTMLButtonElement>, pressed: boolean) => {
    if (e.key !== ' ' && e.key !== 'Enter') return;
    e.preventDefault();
    if (pressed && !e.repeat) down();
    else if (!pressed) up();
  };

  const state: MicButtonState = { mode, muted, talking, disabled: !session };
  const label = ptt
    ? talking
      ? 'Release to send'
      : 'Hold to talk'
    : muted
      ? 'Unmute microphone'
      : 'Mute microphone';
  const handlers = ptt
    ? {
        onPointerDown: (e: PointerEvent<HTMLButtonElement>) => {
          e.currentTarget.setPointerCapture?.(e.pointerId);
          down();
        },
        onPointerUp: up,
        onPointerCancel: up,
        onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => key(e, true),
        onKeyUp: (e: KeyboardEvent<HTMLButtonElement>) => key(e, false),
      }
    : { onClick: () => store.mute(!muted) };
  return (
    <button
      type="button"
      aria-pressed={ptt ? talking : muted}
      disabled={!session}
      {...rest}
      {...handlers}
      className={typeof className === 'function' ? className(state) : className}
    >
      {typeof children === 'function' ? children(state) : (children ?? label)}
    </button>
  );
}
