//! Local simulators of the five provider APIs. (Being built.)
