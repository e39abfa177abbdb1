//! How build errors are shown while serving: as text on the terminal
//! (`path:line:column: message`, the source line with a caret, `help: …`) and as the JSON the
//! browser overlay in `live.js` renders (served at `/__blomma/errors.json` and sent in
//! `errors` events). The browser side builds its DOM with `textContent` only.

use std::fmt::Write as _;

use super::ErrorView;
use crate::diagnostics::{color_enabled, Diagnostic};

/// Escapes `s` as a JSON string literal (with quotes). Besides what JSON requires, `<`, `>`,
/// `&` and U+2028/U+2029 are escaped so the text is inert wherever it ends up.
pub(crate) fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20
                || matches!(c, '<' | '>' | '&' | '\u{7f}' | '\u{2028}' | '\u{2029}') =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The errors as a JSON array of objects with the fields of [`ErrorView`].
pub(crate) fn errors_json_array(errors: &[ErrorView]) -> String {
    let items: Vec<String> = errors
        .iter()
        .map(|e| {
            format!(
                "{{\"file\":{},\"line\":{},\"column\":{},\"width\":{},\"message\":{},\"source_line\":{},\"help\":{}}}",
                json_string(&e.file),
                e.line,
                e.column,
                e.width.max(1),
                json_string(&e.message),
                json_string(&e.source_line),
                e.help.as_deref().map_or_else(|| "null".to_string(), json_string),
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// The body of `/__blomma/errors.json`: `{"errors": [...]}`.
pub(crate) fn errors_json(errors: &[ErrorView]) -> String {
    format!("{{\"errors\":{}}}", errors_json_array(errors))
}

/// Terminal text for content errors, one block per error, from the same renderer as
/// `build` and `check` ([`Diagnostic::render`]), coloured as `--color` and `NO_COLOR`
/// say, e.g.
///
/// ```text
/// content/lan/index.md:3:7: unknown shortcode `karta`
/// 3 | Se {{ karta() }} här.
///   |       ^^^^^
///   = help: did you mean `kartbild`?
/// ```
pub(crate) fn format_terminal(errors: &[ErrorView]) -> String {
    format_terminal_with(errors, color_enabled())
}

/// [`format_terminal`] with colour on or off.
pub(crate) fn format_terminal_with(errors: &[ErrorView], color: bool) -> String {
    errors
        .iter()
        .map(|e| diagnostic(e).render(color))
        .collect::<Vec<_>>()
        .join("\n")
}

/// An error of the overlay as the diagnostic it came from.
fn diagnostic(e: &ErrorView) -> Diagnostic {
    Diagnostic {
        file: e.file.clone(),
        line: e.line,
        column: e.column.max(1),
        message: e.message.clone(),
        source_line: (!e.source_line.is_empty()).then(|| e.source_line.clone()),
        width: e.width.max(1),
        help: e.help.clone(),
    }
}

/// A tool error (the builder returned `Err` or panicked) as an overlay entry without a file.
pub(crate) fn tool_error_view(message: String) -> ErrorView {
    ErrorView {
        file: String::new(),
        line: 0,
        column: 0,
        message,
        source_line: String::new(),
        help: Some("this is an error in blomma or its environment, not in the content; the last good build is still served".to_string()),
        width: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ErrorView {
        ErrorView {
            file: "content/lan/index.md".into(),
            line: 3,
            column: 7,
            message: "unknown shortcode `karta`".into(),
            source_line: "Se {{ karta() }} här.".into(),
            help: Some("did you mean `kartbild`?".into()),
            width: 5,
        }
    }

    #[test]
    fn terminal_format() {
        let text = format_terminal_with(&[sample()], false);
        assert_eq!(
            text,
            "content/lan/index.md:3:7: unknown shortcode `karta`\n\
             3 | Se {{ karta() }} här.\n\
             \x20 |       ^^^^^\n\
             \x20 = help: did you mean `kartbild`?\n"
        );
        let tool = format_terminal_with(&[tool_error_view("disk full".into())], false);
        assert!(tool.starts_with("error: disk full\n"));
    }

    /// The dev server's terminal shows an error exactly as `build` does.
    #[test]
    fn terminal_text_is_the_build_text() {
        let e = sample();
        let d = Diagnostic {
            file: e.file.clone(),
            line: e.line,
            column: e.column,
            message: e.message.clone(),
            source_line: Some(e.source_line.clone()),
            width: e.width,
            help: e.help.clone(),
        };
        let build = crate::diagnostics::render_all_with(&[d], false);
        let serve = format_terminal_with(&[e], false);
        assert!(build.starts_with(&serve), "{build}\n---\n{serve}");
        assert!(errors_json(&[sample()]).contains("\"width\":5"));
    }

    #[test]
    fn caret_keeps_tabs() {
        let mut e = sample();
        e.source_line = "\tx = 1".into();
        e.column = 2;
        assert!(format_terminal_with(&[e], false).contains("| \t^"));
    }

    #[test]
    fn terminal_text_escapes_control_characters() {
        let mut e = sample();
        e.file = "content/\u{1b}[2J.md".into();
        e.message = "bad \u{1b}[31m".into();
        e.source_line = "x: \u{1b}[31m y".into();
        e.column = 10;
        let text = format_terminal_with(&[e], false);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(text.contains("content/\\u{1b}[2J.md:"), "{text}");
        assert!(text.contains(" | x: \\u{1b}[31m y\n"), "{text}");
        assert!(text.contains(&format!(" | {}^", " ".repeat(14))), "{text}");
    }

    #[test]
    fn json_escapes_everything_dangerous() {
        assert_eq!(
            json_string("a\"b\\c\n</script><img onerror=x>&\u{2028}\u{1}"),
            "\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u003cimg onerror=x\\u003e\\u0026\\u2028\\u0001\""
        );
        let json = errors_json(&[sample()]);
        assert!(json.starts_with(
            "{\"errors\":[{\"file\":\"content/lan/index.md\",\"line\":3,\"column\":7,"
        ));
        assert!(json.contains("\"help\":\"did you mean `kartbild`?\""));
        let mut no_help = sample();
        no_help.help = None;
        assert!(errors_json(&[no_help]).contains("\"help\":null"));
        assert_eq!(errors_json(&[]), "{\"errors\":[]}");
    }
}
