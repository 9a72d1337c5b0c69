//! What the load harnesses share: a load loop with its latency figures, and the processes they
//! start and read.

pub mod jobs;
pub mod measure;
pub mod process;
