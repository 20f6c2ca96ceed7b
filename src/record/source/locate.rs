//! Turns serde_json's line and column into a JSON path (`.approvals[0].at`).
//!
//! Typed deserialisation stays on serde_json's fast path; only when it fails is the text scanned
//! up to the error position to say where. (Tracking paths during every parse would cost speed and
//! a second copy of every deserialiser in the wasm binary.)

/// The path of a serde_json error: a "missing field" error is about the object that lacks it.
pub fn path_of_error(text: &str, err: &serde_json::Error) -> String {
    let about_container = err.to_string().starts_with("missing field");
    path_at_error(text, err.line(), err.column(), about_container)
}

/// The path of the value at byte `offset` of `text` (a scan up to it, with an explicit stack:
/// stack-safe at any depth).
pub fn path_at_offset(text: &str, offset: usize) -> String {
    path_at_byte(text, offset, false)
}

fn path_at_error(text: &str, line: usize, column: usize, about_container: bool) -> String {
    path_at_byte(text, byte_offset(text, line, column), about_container)
}

fn path_at_byte(text: &str, offset: usize, about_container: bool) -> String {
    let bytes = text.as_bytes();
    enum Frame {
        Object { key: Option<String>, want_key: bool },
        Array { index: usize },
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < offset.min(bytes.len()) {
        match bytes.get(i).copied().unwrap_or(b' ') {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() {
                    match bytes.get(j) {
                        Some(b'\\') => j += 2,
                        Some(b'"') => break,
                        _ => j += 1,
                    }
                }
                if let Some(Frame::Object {
                    key,
                    want_key: want @ true,
                }) = stack.last_mut()
                {
                    let raw = text.get(start..j.min(text.len())).unwrap_or_default();
                    *key = Some(
                        crate::util::json::from_str::<String>(&format!("\"{raw}\""))
                            .unwrap_or_else(|_| raw.to_string()),
                    );
                    *want = false;
                }
                i = j + 1;
                continue;
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                want_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                // The error is reported just after a closing bracket when the container itself
                // is wrong (a missing field): keep the container in the path.
                if i + 1 < offset {
                    stack.pop();
                } else if about_container && let Some(Frame::Object { key, .. }) = stack.last_mut()
                {
                    *key = None;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, want_key }) => {
                    *key = None;
                    *want_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    // The outermost frame is the record itself; each frame names the member inside it.
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !k.is_empty() {
                    path.push('.');
                    path.push_str(k);
                } else {
                    path.push_str(&format!(
                        "[{}]",
                        serde_json::to_string(k).unwrap_or_default()
                    ));
                }
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            return offset + column.min(l.len());
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err_path<T: serde::de::DeserializeOwned>(text: &str) -> String {
        match serde_json::from_str::<T>(text) {
            Ok(_) => "ok".into(),
            Err(e) => path_of_error(text, &e),
        }
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        at: u32,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        id: String,
        opened_at: u32,
        items: Vec<Inner>,
    }

    #[test]
    fn names_the_member_that_failed() {
        assert_eq!(
            err_path::<Outer>(r#"{"id":"1","openedAt":"x","items":[]}"#),
            ".openedAt"
        );
        assert_eq!(
            err_path::<Outer>(r#"{"id":"1","openedAt":1,"items":[{"at":1},{"at":"no"}]}"#),
            ".items[1].at"
        );
        assert_eq!(
            err_path::<Outer>("{\"id\":\"a\\\"b\",\n \"openedAt\": true, \"items\": []}"),
            ".openedAt"
        );
        assert_eq!(
            err_path::<Outer>(r#"{"id":"1","openedAt":1,"items":[{}]}"#),
            ".items[0]"
        );
        assert_eq!(err_path::<Outer>(r#"{"id":"1","openedAt":1}"#), "");
    }
}
