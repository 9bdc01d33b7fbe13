//! The raw argon2id rate on this machine's cores, with the parameters the
//! service uses: the ceiling of any login rate.
//!
//!   cargo bench --bench hashing           # prints hashes per second

use std::time::{Duration, Instant};

use renfort::auth::password::HashPool;

#[tokio::main]
async fn main() {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let seconds: u64 = std::env::var("SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let pool = HashPool::new(threads, threads * 4);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..threads * 2)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut done = 0u64;
                while Instant::now() < deadline {
                    if pool
                        .hash("correct horse battery staple".into())
                        .await
                        .is_ok()
                    {
                        done += 1;
                    }
                }
                done
            })
        })
        .collect();
    let mut total = 0;
    for w in workers {
        total += w.await.unwrap_or(0);
    }
    let rate = total as f64 / started.elapsed().as_secs_f64();
    println!("argon2id m=19456 t=2 p=1: {rate:.1} hashes/s on {threads} threads");
}
