//! One stable sort for the whole playground: every `sort_by` of a slice compiles its own copy of the sorting algorithm, and a dozen copies were a tenth of the download.
//!
//! `sort_by` sorts a permutation of indices through one non-generic function, then moves the items
//! into that order. It is stable, like `slice::sort_by`, so equal items keep their order (Python's
//! `sorted`, which the CLI's `--query` follows, is stable too).

use std::cmp::Ordering;

/// The order that sorts `len` items compared by `compare(i, j)`: the one instance of the sort. A
/// plain bottom-up merge sort: stable, `n log n`, and a fraction of the standard library's
/// driftsort in the download (the playground sorts hundreds of rows, not millions).
fn sorted_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        for start in (0..len).step_by(2 * width) {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, middle);
            for slot in &mut merged[start..end] {
                // Take from the left run unless the right one's head is strictly smaller: stable.
                let from_left = right == end
                    || (left < middle && compare(order[right], order[left]) != Ordering::Less);
                if from_left {
                    *slot = order[left];
                    left += 1;
                } else {
                    *slot = order[right];
                    right += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// Sorts `items` stably by `compare`.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = sorted_order(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    for index in order {
        if let Some(item) = slots[index].take() {
            items.push(item);
        }
    }
}

/// Sorts `items` stably by the key `key` gives each.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut state: u32 = 11;
        for len in 0..60 {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|index| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (((state >> 16) % 7) as u8, index)
                })
                .collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut theirs = items;
            theirs.sort_by_key(|a| a.0);
            assert_eq!(ours, theirs, "equal keys keep their order");
        }
    }
}
