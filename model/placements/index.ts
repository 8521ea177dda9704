import type { Placement } from "../runtime/placement.js";

/**
 * The lock placements of the source documents, as data (the same shape a user's JSON file has).
 * Each names the commit or source it follows.
 */

/** 4.4BSD: every site is the real spl call. */
export const BSD44: Placement = { name: "bsd44-spl", default: "spl" };

/** Kyu before a7aae57: splnet/splimp/splx are empty stubs (kyu_subs.c). */
export const KYU_STUBBED: Placement = { name: "kyu-stubbed-spl", default: "none" };

/** Kyu a7aae57: net_lock (a plain, non-recursive mutex) around soclose and around tcp_input only. */
export const KYU_NETLOCK: Placement = {
  name: "kyu-netlock",
  locks: { net_lock: { recursive: false } },
  default: "none",
  sites: { soclose: { lock: "net_lock" }, tcp_input: { lock: "net_lock" } },
};

/** a7aae57 with splimp (sorflush) and splnet mapped to that same non-recursive lock: they nest. */
export const KYU_NETLOCK_NESTED: Placement = {
  name: "kyu-netlock-nested",
  locks: { net_lock: { recursive: false } },
  default: "none",
  sites: { soclose: { lock: "net_lock" }, sorflush: { lock: "net_lock" }, tcp_input: { lock: "net_lock" } },
};

const EVERY_SPL_NET_LOCK = {
  soclose: { lock: "net_lock" },
  sodisconnect: { lock: "net_lock" },
  soreceive: { lock: "net_lock" },
  sorflush: { lock: "net_lock" },
  tcp_usrreq: { lock: "net_lock" },
  tcp_slowtimo: { lock: "net_lock" },
  tcp_input: { lock: "net_lock" },
} as const;

/** Kyu ea6470e: every spl becomes net_lock, made recursive (owner + count); 006a255 unlocks before sbwait. */
export const KYU_RECURSIVE: Placement = {
  name: "kyu-recursive-lock",
  locks: { net_lock: { recursive: true } },
  default: "none",
  sites: EVERY_SPL_NET_LOCK,
  waits: { sbwait: "release", sblock: "release", "soclose.linger": "release" },
};

/** ea6470e before 006a255: soreceive sleeps in sbwait still holding net_lock. */
export const KYU_SLEEP_HOLDING: Placement = { ...KYU_RECURSIVE, name: "kyu-sleep-holding-lock", waits: { sbwait: "hold" } };

/** Kyu 518dfa2 BIG_LOCKS: net_lock is a no-op; one master_lock at every entry point, released at every wait. */
export const KYU_BIG_LOCK: Placement = {
  name: "kyu-big-lock",
  locks: { master_lock: { recursive: false } },
  default: "none",
  sites: { user_api: { lock: "master_lock" }, tcp_input: { lock: "master_lock" }, tcp_timer: { lock: "master_lock" } },
  waits: { sbwait: "release", sblock: "release", "soclose.linger": "release", "soclose.delay": "release" },
};

/**
 * DragonFly NetMP (2008): pru_* and tcp_input run in the protocol thread, so they are serialised
 * with each other (modelled as one "proto" lock at tcp_usrreq and tcp_input); the user side's own
 * so_state writes (soclose's NOFDREF) take nothing in common with it. so_state is a plain short.
 */
export const DRAGONFLY_NETMP: Placement = {
  name: "dragonfly-netmp",
  locks: { proto: { recursive: true } },
  default: "none",
  sites: { tcp_usrreq: { lock: "proto" }, tcp_input: { lock: "proto" }, tcp_slowtimo: { lock: "proto" } },
  waits: { sbwait: "interlock", sblock: "interlock", "soclose.linger": "interlock" },
  rmw: "split",
};

/** DragonFly 6cef7136f0: atomic sosetstate/soclrstate for every so_state writer. */
export const DRAGONFLY_ATOMIC: Placement = { ...DRAGONFLY_NETMP, name: "dragonfly-so_state-atomic", rmw: "atomic" };

/** The alternative fix: one lock (the socket token) taken by every so_state writer, user side included. */
export const DRAGONFLY_ONE_LOCK: Placement = {
  ...DRAGONFLY_NETMP,
  name: "dragonfly-so_state-one-lock",
  sites: { ...DRAGONFLY_NETMP.sites, soclose: { lock: "proto" }, soreceive: { lock: "proto" } },
};
