//! The lists of trees already read, kept for the next ones: an element's tree is one list per
//! object and array (some 25 for a Jira issue), and each was a new allocation, most of them grown
//! several times, then freed with the element. Scope item 2 of issue 12: no allocation per
//! record on the hot path.
//!
//! A tree given back with [`Tree`]'s drop leaves its lists here, emptied; the lexer takes its
//! lists from here. Kept lists are bounded ([`KEPT_ITEMS`]), so one huge element does not stay
//! in memory after it was read.

use std::cell::RefCell;
use std::ops::Deref;

use super::Node;
use crate::record::value::Text;
use crate::util::emptied;

/// A member of an object: its key and value.
pub type Member<'a> = (Text<'a>, Node<'a>);

/// Items (members or nodes) the kept lists may hold in all: about 1.8 MB natively at most, far
/// more than the few hundred an element uses.
const KEPT_ITEMS: usize = 1 << 15;

/// A list longer than this is freed, not kept (an export's lists of thousands of items are rare
/// and would hold their memory).
const KEPT_CAPACITY: usize = 1024;

#[derive(Default)]
struct Spare {
    objects: Vec<Vec<Member<'static>>>,
    arrays: Vec<Vec<Node<'static>>>,
    /// Capacity of the kept lists, in items.
    items: usize,
}

thread_local! {
    static SPARE: RefCell<Spare> = RefCell::new(Spare::default());
}

/// An empty list for an object's members: a kept one when there is one.
pub(super) fn object_list<'a>() -> Vec<Member<'a>> {
    kept_list(|s| &mut s.objects)
}

/// An empty list for an array's items: a kept one when there is one.
pub(super) fn array_list<'a>() -> Vec<Node<'a>> {
    kept_list(|s| &mut s.arrays)
}

/// The last list kept in `lists`, emptied for items of the caller's lifetime; a new one when
/// none is kept.
fn kept_list<T, U>(lists: fn(&mut Spare) -> &mut Vec<Vec<T>>) -> Vec<U> {
    SPARE
        .try_with(|s| {
            let mut s = s.borrow_mut();
            let list = lists(&mut s).pop()?;
            s.items = s.items.saturating_sub(list.capacity());
            Some(list)
        })
        .ok()
        .flatten()
        .map(emptied)
        .unwrap_or_default()
}

impl Spare {
    /// Keeps the lists of `node` and of everything in it. Only objects and arrays are walked
    /// into; the texts and numbers go with the list's clearing.
    fn keep(&mut self, node: Node<'_>) {
        match node {
            Node::Arr(mut items) => {
                self.keep_within(items.iter_mut());
                if self.room(items.capacity()) {
                    self.arrays.push(emptied(items));
                }
            }
            Node::Obj(mut members) => {
                self.keep_within(members.iter_mut().map(|(_, value)| value));
                if self.room(members.capacity()) {
                    self.objects.push(emptied(members));
                }
            }
            _ => {}
        }
    }

    fn keep_within<'n, 'a: 'n>(&mut self, nodes: impl Iterator<Item = &'n mut Node<'a>>) {
        for node in nodes {
            if matches!(node, Node::Arr(_) | Node::Obj(_)) {
                self.keep(std::mem::replace(node, Node::Null));
            }
        }
    }

    /// Whether a list of `capacity` items is kept (and counted).
    fn room(&mut self, capacity: usize) -> bool {
        let room = capacity > 0 && capacity <= KEPT_CAPACITY && self.items + capacity <= KEPT_ITEMS;
        if room {
            self.items += capacity;
        }
        room
    }
}

/// An element's tree, whose lists go back to be reused when it is dropped. Read it as a
/// [`Node`] (it dereferences to its root).
pub struct Tree<'a>(Node<'a>);

impl<'a> Tree<'a> {
    pub fn new(root: Node<'a>) -> Tree<'a> {
        Tree(root)
    }
}

impl<'a> Deref for Tree<'a> {
    type Target = Node<'a>;
    fn deref(&self) -> &Node<'a> {
        &self.0
    }
}

impl Drop for Tree<'_> {
    fn drop(&mut self) {
        let root = std::mem::replace(&mut self.0, Node::Null);
        // `try_with`: while the thread's locals are being destroyed the tree is freed as usual.
        let _ = SPARE.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                s.keep(root);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_emptied_list_keeps_its_allocation() {
        let mut list: Vec<Member<'_>> = Vec::with_capacity(40);
        let text = String::from("k");
        list.push((Text::borrowed(&text), Node::Null));
        let at = list.as_ptr() as usize;
        let again: Vec<Member<'static>> = emptied(list);
        assert_eq!(again.as_ptr() as usize, at);
        assert_eq!(again.capacity(), 40);
        assert!(again.is_empty());
    }

    #[test]
    fn dropped_trees_lend_their_lists_and_the_next_tree_reads_the_same() {
        let text = r#"{"a": [1, {"b": "x", "c": [true, null]}], "d": {"e": {}}, "f": []}"#;
        let fresh: Node<'_> = serde_json::from_str(text).unwrap();
        for _ in 0..3 {
            let tree = Tree::new(super::super::lexed(text).unwrap());
            assert_eq!(*tree, fresh);
        }
        let kept = SPARE.with(|s| {
            let s = s.borrow();
            (s.objects.len(), s.arrays.len(), s.items)
        });
        // Four objects ({} has no list) and three arrays, all given back after the last tree.
        assert!(kept.0 >= 3 && kept.1 >= 2 && kept.2 > 0, "{kept:?}");
        // A list bigger than is kept is freed.
        let big = Node::Arr(vec![Node::Null; KEPT_CAPACITY + 1]);
        drop(Tree::new(big));
        let arrays = SPARE.with(|s| s.borrow().arrays.iter().map(Vec::capacity).max());
        assert!(arrays.unwrap_or(0) <= KEPT_CAPACITY);
    }
}
