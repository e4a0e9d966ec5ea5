//! Sentence splitting over tokens: survives abbreviations, initials, decimals, missing spaces
//! and blank lines.

use super::{Sentence, Shape, Token};
use crate::lexicon::Lexicons;
use crate::span::Span;

/// True when the gap between two tokens may hold a line break: most gaps are empty or one
/// space, and are settled without a search.
pub(super) fn may_break_line(gap: &[u8]) -> bool {
    match gap {
        [] | [b' '] => false,
        _ => gap.contains(&b'\n'),
    }
}

/// True when the gap between two tokens holds a blank line (a paragraph break).
pub(super) fn has_blank_line(gap: &str) -> bool {
    if !may_break_line(gap.as_bytes()) {
        return false;
    }
    let mut newlines = 0;
    for c in gap.chars() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines >= 2 {
                    return true;
                }
            }
            c if c.is_whitespace() => {}
            _ => newlines = 0,
        }
    }
    false
}

fn is_terminal(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| matches!(c, '.' | '!' | '?' | '‼' | '⁉' | '…'))
}

fn is_closer(text: &str) -> bool {
    matches!(text, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

fn is_list_marker(text: &str) -> bool {
    matches!(text, "-" | "*" | "•" | "–" | "—")
}

/// Splits `tokens` into sentences and records each token's sentence index.
pub(super) fn split(text: &str, tokens: &mut [Token], lexicons: &Lexicons) -> Vec<Sentence> {
    let n = tokens.len();
    let bytes = text.as_bytes();
    let mut sentences = Vec::new();
    let mut start = 0;
    for i in 0..n {
        let boundary = i + 1 == n || {
            // Most gaps are one space: only a gap with a line break can hold a paragraph
            // break or start a list item.
            let between = tokens[i].span.end..tokens[i + 1].span.start;
            let line_break = may_break_line(&bytes[between.clone()]);
            (line_break
                && (has_blank_line(&text[between]) || starts_list_item(text, tokens, i + 1)))
                || (!tokens[i].shape.is_word() && ends_sentence(text, tokens, i, lexicons))
        };
        if boundary {
            let index = sentences.len() as u32;
            for token in &mut tokens[start..=i] {
                token.sentence = index;
            }
            sentences.push(Sentence {
                span: Span::new(tokens[start].span.start, tokens[i].span.end),
                first_token: start,
                end_token: i + 1,
            });
            start = i + 1;
        }
    }
    sentences
}

fn starts_list_item(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &text[tokens[i].span];
    is_list_marker(t)
        || (tokens[i].shape == Shape::Number
            && tokens
                .get(i + 1)
                .is_some_and(|next| matches!(&text[next.span], "." | ")")))
}

/// True when a sentence ends right after token `i` (which is not the last).
fn ends_sentence(text: &str, tokens: &[Token], i: usize, lexicons: &Lexicons) -> bool {
    // Sentence marks and closers are punctuation: no word ends a sentence by itself.
    if tokens[i].shape.is_word() {
        return false;
    }
    // Most marks are one byte that neither ends nor closes a sentence: ",", "(", ":".
    if let [mark] = text.as_bytes()[tokens[i].span.range()] {
        if !matches!(mark, b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']') {
            return false;
        }
    }
    let here = &text[tokens[i].span];
    let glued_to_previous = i > 0 && tokens[i - 1].span.end == tokens[i].span.start;
    let terminal = is_terminal(here)
        || (is_closer(here) && glued_to_previous && is_terminal(&text[tokens[i - 1].span]));
    if !terminal {
        return false;
    }
    let next = &tokens[i + 1];
    // A closing quote or bracket glued after the mark belongs to this sentence.
    if next.span.start == tokens[i].span.end && is_closer(&text[next.span]) {
        return false;
    }
    if here == "." && glued_to_previous {
        let previous = &text[tokens[i - 1].span];
        let initial = previous.chars().count() == 1 && tokens[i - 1].shape == Shape::Title;
        if initial || lexicons.is_abbreviation(previous) {
            return false;
        }
    }
    let opens_sentence = matches!(
        next.shape,
        Shape::Title | Shape::AllCaps | Shape::Number | Shape::Emoji | Shape::Punct
    );
    if next.span.start == tokens[i].span.end {
        // A missing space ("end.Next") splits only after a lower-case word.
        let after_word = i > 0 && tokens[i - 1].shape == Shape::Lower;
        return opens_sentence && next.shape != Shape::Punct && after_word;
    }
    opens_sentence
}
