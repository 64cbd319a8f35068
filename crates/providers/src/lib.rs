//! Provider clients: one module per provider behind common traits. (Being built.)
