import { TCP_STATE_NAMES, type TcpStateName } from "./constants.js";

/**
 * The close-path transitions RFC 793 allows (§3.5 and the state diagram, fig. 6), as 4.4BSD
 * implements them (reference §1: tcp_usrclosed, tcp_input, tcp_timers, tcp_drop). Any other
 * change of t_state is a `tcp-transition` violation, raised in the step that makes it.
 */
const ALLOWED: readonly (readonly [TcpStateName, TcpStateName, string])[] = [
  ["LISTEN", "CLOSED", "close"],
  ["SYN_SENT", "CLOSED", "close, RST, timeout"],
  ["SYN_RECEIVED", "FIN_WAIT_1", "close"],
  ["SYN_RECEIVED", "CLOSE_WAIT", "FIN"],
  ["SYN_RECEIVED", "CLOSED", "RST, abort, timeout"],
  ["ESTABLISHED", "FIN_WAIT_1", "close"],
  ["ESTABLISHED", "CLOSE_WAIT", "FIN"],
  ["ESTABLISHED", "CLOSED", "RST, abort, timeout"],
  ["FIN_WAIT_1", "FIN_WAIT_2", "ACK of FIN"],
  ["FIN_WAIT_1", "CLOSING", "FIN"],
  ["FIN_WAIT_1", "TIME_WAIT", "FIN with ACK of FIN"],
  ["FIN_WAIT_1", "CLOSED", "RST, abort, timeout"],
  ["FIN_WAIT_2", "TIME_WAIT", "FIN"],
  ["FIN_WAIT_2", "CLOSED", "RST, abort, idle timeout"],
  ["CLOSE_WAIT", "LAST_ACK", "close"],
  ["CLOSE_WAIT", "CLOSED", "RST, abort, timeout"],
  ["CLOSING", "TIME_WAIT", "ACK of FIN"],
  ["CLOSING", "CLOSED", "RST"],
  ["LAST_ACK", "CLOSED", "ACK of FIN, RST"],
  ["TIME_WAIT", "CLOSED", "2MSL timeout, RST"],
];

const table = new Uint8Array(TCP_STATE_NAMES.length * TCP_STATE_NAMES.length);
for (const [a, b] of ALLOWED) table[TCP_STATE_NAMES.indexOf(a) * TCP_STATE_NAMES.length + TCP_STATE_NAMES.indexOf(b)] = 1;

export function transitionAllowed(from: number, to: number): boolean {
  return from === to || table[from * TCP_STATE_NAMES.length + to] === 1;
}

export const RFC793_CLOSE_TRANSITIONS = ALLOWED;
