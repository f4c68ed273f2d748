//! Guided lessons as data, and the checker of their goals against the model's world.
