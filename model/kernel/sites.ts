/**
 * Every site of the kernel's routines (issue 3 §6): each spl call of the real code, named for
 * its routine, and each entry point. A placement maps these names to protections.
 */
export const SPL_SITES = ["soclose", "sodisconnect", "soreceive", "sorflush", "tcp_usrreq", "tcp_slowtimo", "accept", "soaccept"] as const;

/**
 * Entry points: where a Kyu-style port takes a lock around a whole call. Under real spl they are
 * nothing (4.4 takes no spl at a syscall's entry; ipintr and softclock run at their own level).
 * - user_api: the application's call into soclose/soreceive (Kyu kyu_api user_lock);
 * - tcp_input: the input thread (or softnet) around tcp_input (Kyu a7aae57's net_lock);
 * - tcp_timer: the timer thread (or softclock) around tcp_slowtimo.
 */
export const ENTRY_SITES = ["user_api", "tcp_input", "tcp_timer"] as const;

/** Where the code sleeps; a placement keeps ("hold") or releases ("release") its locks there. */
export const WAIT_SITES = ["sbwait", "sblock", "soclose.linger", "soclose.delay"] as const;

export const KERNEL_SITES = {
  sites: new Set<string>([...SPL_SITES, ...ENTRY_SITES]),
  waits: new Set<string>(WAIT_SITES),
};
