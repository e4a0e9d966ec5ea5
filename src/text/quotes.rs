//! Direct quotes: paired straight or curly double quotes around three or more words.

use super::sentences::has_blank_line;
use super::{Quote, Shape, Token};
use crate::span::Span;

/// Quotes of fewer words are scare quotes or titles ("fake news"), still the author's voice.
const MIN_QUOTE_WORDS: usize = 3;

/// Finds direct quotes and marks the tokens inside them (marks included) as quoted.
///
/// A quote left open at a paragraph break closes there, as news prose does for quotes that run
/// over several paragraphs.
pub(super) fn find(text: &str, tokens: &mut [Token]) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut open: Option<usize> = None;
    for i in 0..tokens.len() {
        if let Some(o) = open {
            if i > 0 && has_blank_line(&text[tokens[i - 1].span.end..tokens[i].span.start]) {
                close(tokens, o, i, &mut quotes);
                open = None;
            }
        }
        if tokens[i].shape != Shape::Punct {
            continue; // quote marks are punctuation
        }
        match (&text[tokens[i].span], open) {
            ("“" | "«" | "„", None) | ("\"", None) => open = Some(i),
            ("”" | "»" | "\"", Some(o)) => {
                close(tokens, o, i + 1, &mut quotes);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        close(tokens, o, tokens.len(), &mut quotes);
    }
    quotes
}

fn close(tokens: &mut [Token], first: usize, end: usize, quotes: &mut Vec<Quote>) {
    let words = tokens[first..end]
        .iter()
        .filter(|t| t.shape.is_word())
        .count();
    if words < MIN_QUOTE_WORDS {
        return;
    }
    for token in &mut tokens[first..end] {
        token.quoted = true;
    }
    quotes.push(Quote {
        span: Span::new(tokens[first].span.start, tokens[end - 1].span.end),
        first_token: first,
        end_token: end,
        words,
    });
}
