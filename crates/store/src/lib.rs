//! The local SQLite cache. (Being built.)
