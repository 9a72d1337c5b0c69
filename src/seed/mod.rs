//! Data generators: the demo city and a large synthetic registry for benchmarks.

pub mod demo;
pub mod scale;
