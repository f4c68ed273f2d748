//! The panel as a tree of plain data (JsonML: `[tag, {attributes}, child…]`, a text is a string) that the page turns into DOM, so the page needs no lesson code to show a lesson.
//!
//! The page accepts only the tags and attributes it knows (see `src/components/lessons.rs`); a
//! text is always a text node, never HTML.

use model::Value;

/// An element under construction.
pub struct El {
    tag: &'static str,
    attributes: Vec<(&'static str, String)>,
    children: Vec<Value>,
}

/// A new element.
pub fn el(tag: &'static str) -> El {
    El {
        tag,
        attributes: Vec::new(),
        children: Vec::new(),
    }
}

impl El {
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> El {
        self.attributes.push((name, value.into()));
        self
    }

    pub fn class(self, class: &'static str) -> El {
        self.attr("class", class)
    }

    /// A button (or input) that asks the worker to do `act` with `arg`.
    pub fn act(self, act: &'static str, arg: impl Into<String>) -> El {
        self.attr("data-act", act).attr("data-arg", arg)
    }

    /// A boolean attribute (`disabled`, `checked`), set only when `on`.
    pub fn flag(self, name: &'static str, on: bool) -> El {
        match on {
            true => self.attr(name, ""),
            false => self,
        }
    }

    pub fn text(mut self, text: impl Into<String>) -> El {
        self.children.push(Value::str(text));
        self
    }

    pub fn child(mut self, child: El) -> El {
        self.children.push(child.done());
        self
    }

    pub fn children(mut self, children: impl IntoIterator<Item = El>) -> El {
        self.children.extend(children.into_iter().map(El::done));
        self
    }

    /// A text in which `backticked` parts are shown as code.
    pub fn rich(mut self, text: &str) -> El {
        for (index, part) in text.split('`').enumerate() {
            if part.is_empty() {
                continue;
            }
            match index % 2 {
                0 => self.children.push(Value::str(part)),
                _ => self.children.push(el("code").text(part).done()),
            }
        }
        self
    }

    /// The element as JsonML.
    pub fn done(self) -> Value {
        let attributes = Value::object(
            self.attributes
                .iter()
                .map(|(name, value)| (*name, Value::str(value.as_str())))
                .collect(),
        );
        let mut items = vec![Value::str(self.tag), attributes];
        items.extend(self.children);
        Value::Array(items)
    }
}

/// Every text in a tree, in document order, joined by single spaces (what a reader would hear):
/// for tests and for the page's announcements.
pub fn text_of(node: &Value) -> String {
    let mut out = Vec::new();
    collect(node, &mut out);
    out.join(" ")
}

fn collect(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::String(text) => out.push(text.clone()),
        Value::Array(items) => items.iter().skip(2).for_each(|child| collect(child, out)),
        _ => {}
    }
}

/// The elements of a tree that carry `name="value"`, for tests.
pub fn find<'t>(node: &'t Value, name: &str, value: &str) -> Vec<&'t Value> {
    let mut found = Vec::new();
    walk(node, &mut |element| {
        if element
            .as_array()
            .and_then(|items| items.get(1))
            .and_then(|attributes| attributes.get(name))
            .and_then(Value::as_str)
            == Some(value)
        {
            found.push(element);
        }
    });
    found
}

fn walk<'t>(node: &'t Value, visit: &mut impl FnMut(&'t Value)) {
    if let Value::Array(items) = node {
        visit(node);
        items.iter().skip(2).for_each(|child| walk(child, visit));
    }
}
