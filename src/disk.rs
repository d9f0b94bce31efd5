//! The threads that read and create files. A file system call that misses the cache waits on the
//! disk, not on the processor: with one read per core in flight, loading the 10,000 articles of
//! a benchmark site that had left the page cache took 1.07 s, and 0.4 s with this pool. Creating
//! files waits the same way when the kernel reads inode tables. Many calls in flight let the
//! disk work on them together, so file IO runs on a pool several times larger than the number
//! of cores, while rendering stays on rayon's global pool, one thread per core. Content files
//! are parsed on this pool right after they are read, so that parsing fills the time other
//! reads spend waiting.

use std::sync::OnceLock;

/// Calls in flight at once.
const THREADS: usize = 16;

/// The pool, made on first use; `None` when the system gives no threads.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(THREADS)
            .thread_name(|i| format!("milnik-io-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs `f` (which may use rayon's parallel iterators) on the file IO pool.
pub fn run<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(pool) => pool.install(f),
        // No threads to be had: the calling pool does the IO itself.
        None => f(),
    }
}

/// Runs `f` on the calling thread with a scope whose spawned jobs run on the file IO pool, in
/// the order spawned, and returns once they are all done: the caller goes on with its own
/// work while the pool does the IO it handed over.
pub fn scope<'s, R>(f: impl FnOnce(&rayon::ScopeFifo<'s>) -> R) -> R {
    match pool() {
        Some(pool) => pool.in_place_scope_fifo(f),
        None => rayon::in_place_scope_fifo(f),
    }
}
