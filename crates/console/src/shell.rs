//! The shell layer: a lexer that never fails (its tokens colour the input) and a parser for bash's quoting subset.
//!
//! Supported: words, `'…'`, `"…"`, backslash escapes and line continuation, comments, `NAME=value`,
//! `$NAME`, `${NAME}`, `$(…)` (also inside double quotes, nested), `;` and newlines. Everything
//! else bash offers (pipes, `&&`, redirections, backticks, `if`, loops…) is refused with a span,
//! because a playground that answers those half-right would teach the wrong thing. The shell inside
//! a VM (crate `terminal`) also reads pipes `a | b` ([`parse_pipes`]).

use std::fmt;

/// A byte range of the source text: what the console underlines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// What a token is, for colouring and for the parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Unquoted literal text.
    Word,
    /// `\x` outside single quotes.
    Escape,
    /// `'…'`, quotes included (may be unterminated at the end of input).
    SingleQuoted,
    /// A `"` opening or closing a double-quoted string.
    DoubleQuote,
    /// Literal text inside double quotes.
    QuotedText,
    /// `$NAME`, `${NAME}` or a special parameter such as `$?`.
    Variable,
    /// `$(`
    SubstOpen,
    /// The `)` closing a `$(`.
    SubstClose,
    /// Spaces and tabs.
    Whitespace,
    /// A backslash followed by a newline: removed, joins the lines.
    LineContinuation,
    Newline,
    Semicolon,
    /// `# …` to the end of the line.
    Comment,
    /// Shell syntax outside the playground's subset: `|`, `&&`, `>`, backticks, `(`…
    Unsupported,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Top,
    DoubleQuoted,
    Substitution,
}

/// Splits `source` into tokens covering every byte, in order. Never fails: malformed input
/// (an unclosed quote, a stray `)`) still yields tokens, and the parser reports the error.
pub fn lex(source: &str) -> Vec<Token> {
    let bytes = source.as_bytes();
    let mut tokens: Vec<Token> = Vec::new();
    let mut stack = vec![Context::Top];
    let mut position = 0;
    let push = |tokens: &mut Vec<Token>, kind, start, end| {
        tokens.push(Token {
            kind,
            span: Span::new(start, end),
        });
    };
    while position < bytes.len() {
        let start = position;
        let context = *stack.last().unwrap_or(&Context::Top);
        let byte = bytes[position];
        if context == Context::DoubleQuoted {
            match byte {
                b'"' => {
                    stack.pop();
                    push(&mut tokens, TokenKind::DoubleQuote, start, start + 1);
                    position += 1;
                }
                b'\\' if matches!(bytes.get(position + 1), Some(b'\n')) => {
                    push(&mut tokens, TokenKind::LineContinuation, start, start + 2);
                    position += 2;
                }
                b'\\' if matches!(bytes.get(position + 1), Some(b'$' | b'`' | b'"' | b'\\')) => {
                    push(&mut tokens, TokenKind::Escape, start, start + 2);
                    position += 2;
                }
                b'$' => position = lex_dollar(source, position, &mut tokens, &mut stack, true),
                b'`' => {
                    push(&mut tokens, TokenKind::Unsupported, start, start + 1);
                    position += 1;
                }
                _ => {
                    position += 1;
                    while position < bytes.len()
                        && !matches!(bytes[position], b'"' | b'\\' | b'$' | b'`')
                    {
                        position += 1;
                    }
                    // A lone backslash before an ordinary character stays literal text.
                    if position < bytes.len()
                        && bytes[position] == b'\\'
                        && !matches!(
                            bytes.get(position + 1),
                            Some(b'\n' | b'$' | b'`' | b'"' | b'\\')
                        )
                    {
                        position += 1;
                    }
                    let end = char_boundary(source, position);
                    position = end;
                    push(&mut tokens, TokenKind::QuotedText, start, end);
                }
            }
            continue;
        }
        match byte {
            b' ' | b'\t' | b'\r' => {
                while position < bytes.len() && matches!(bytes[position], b' ' | b'\t' | b'\r') {
                    position += 1;
                }
                push(&mut tokens, TokenKind::Whitespace, start, position);
            }
            b'\n' => {
                push(&mut tokens, TokenKind::Newline, start, start + 1);
                position += 1;
            }
            b';' => {
                let kind = if bytes.get(position + 1) == Some(&b';') {
                    TokenKind::Unsupported
                } else {
                    TokenKind::Semicolon
                };
                let end = if kind == TokenKind::Unsupported {
                    start + 2
                } else {
                    start + 1
                };
                push(&mut tokens, kind, start, end);
                position = end;
            }
            b'\\' => match bytes.get(position + 1) {
                Some(b'\n') => {
                    push(&mut tokens, TokenKind::LineContinuation, start, start + 2);
                    position += 2;
                }
                Some(_) => {
                    let end = char_boundary(source, position + 2);
                    push(&mut tokens, TokenKind::Escape, start, end);
                    position = end;
                }
                None => {
                    push(&mut tokens, TokenKind::Word, start, start + 1);
                    position += 1;
                }
            },
            b'#' if at_word_start(&tokens) => {
                while position < bytes.len() && bytes[position] != b'\n' {
                    position += 1;
                }
                push(&mut tokens, TokenKind::Comment, start, position);
            }
            b'\'' => {
                position += 1;
                while position < bytes.len() && bytes[position] != b'\'' {
                    position += 1;
                }
                position = (position + 1).min(bytes.len());
                push(&mut tokens, TokenKind::SingleQuoted, start, position);
            }
            b'"' => {
                stack.push(Context::DoubleQuoted);
                push(&mut tokens, TokenKind::DoubleQuote, start, start + 1);
                position += 1;
            }
            b'$' => position = lex_dollar(source, position, &mut tokens, &mut stack, false),
            b')' if context == Context::Substitution => {
                stack.pop();
                push(&mut tokens, TokenKind::SubstClose, start, start + 1);
                position += 1;
            }
            b'|' | b'&' | b'<' | b'>' | b'`' | b'(' | b')' => {
                position += 1;
                // Two-character operators are underlined whole: `||`, `&&`, `>>`, `<<`, `|&`, `>&`.
                if let Some(&next) = bytes.get(position) {
                    if (next == byte && byte != b'`' && byte != b'(' && byte != b')')
                        || (next == b'&' && matches!(byte, b'|' | b'>' | b'<'))
                    {
                        position += 1;
                    }
                }
                push(&mut tokens, TokenKind::Unsupported, start, position);
            }
            _ => {
                while position < bytes.len()
                    && !is_word_break(
                        bytes[position],
                        stack.last() == Some(&Context::Substitution),
                    )
                {
                    position += 1;
                }
                let end = char_boundary(source, position.max(start + 1));
                position = end;
                push(&mut tokens, TokenKind::Word, start, end);
            }
        }
    }
    tokens
}

fn is_word_break(byte: u8, _in_substitution: bool) -> bool {
    matches!(
        byte,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b';'
            | b'\\'
            | b'\''
            | b'"'
            | b'$'
            | b'|'
            | b'&'
            | b'<'
            | b'>'
            | b'`'
            | b'('
            | b')'
    )
}

fn char_boundary(source: &str, mut position: usize) -> usize {
    position = position.min(source.len());
    while !source.is_char_boundary(position) {
        position += 1;
    }
    position
}

/// `#` starts a comment only where a word could start, as in bash (`a#b` is one word).
fn at_word_start(tokens: &[Token]) -> bool {
    match tokens.last() {
        None => true,
        Some(token) => matches!(
            token.kind,
            TokenKind::Whitespace
                | TokenKind::Newline
                | TokenKind::Semicolon
                | TokenKind::SubstOpen
                | TokenKind::Unsupported
        ),
    }
}

fn lex_dollar(
    source: &str,
    start: usize,
    tokens: &mut Vec<Token>,
    stack: &mut Vec<Context>,
    quoted: bool,
) -> usize {
    let bytes = source.as_bytes();
    let mut push = |kind, end| {
        tokens.push(Token {
            kind,
            span: Span::new(start, end),
        })
    };
    match bytes.get(start + 1) {
        Some(b'(') if bytes.get(start + 2) == Some(&b'(') => {
            // `$((…))` arithmetic is out of the subset.
            push(TokenKind::Unsupported, start + 3);
            start + 3
        }
        Some(b'(') => {
            stack.push(Context::Substitution);
            push(TokenKind::SubstOpen, start + 2);
            start + 2
        }
        Some(b'{') => {
            let mut end = start + 2;
            while end < bytes.len() && bytes[end] != b'}' && !(quoted && bytes[end] == b'"') {
                end += 1;
            }
            if end < bytes.len() && bytes[end] == b'}' {
                end += 1;
            }
            let end = char_boundary(source, end);
            push(TokenKind::Variable, end);
            end
        }
        Some(&byte) if byte == b'_' || byte.is_ascii_alphabetic() => {
            let mut end = start + 1;
            while end < bytes.len() && (bytes[end] == b'_' || bytes[end].is_ascii_alphanumeric()) {
                end += 1;
            }
            push(TokenKind::Variable, end);
            end
        }
        Some(&byte)
            if byte.is_ascii_digit()
                || matches!(byte, b'?' | b'@' | b'*' | b'#' | b'!' | b'$' | b'-') =>
        {
            push(TokenKind::Variable, start + 2);
            start + 2
        }
        _ => {
            push(
                if quoted {
                    TokenKind::QuotedText
                } else {
                    TokenKind::Word
                },
                start + 1,
            );
            start + 1
        }
    }
}

/// A parsed script: simple commands in order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Script {
    pub commands: Vec<SimpleCommand>,
}

/// `NAME=value … word word …`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleCommand {
    pub assignments: Vec<Assignment>,
    pub words: Vec<Word>,
    pub span: Span,
    /// Its output goes to the next command's input (`a | b`); only [`parse_pipes`] sets it.
    pub piped: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub value: Word,
    pub span: Span,
}

/// One shell word before expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub parts: Vec<WordPart>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordPart {
    Literal {
        text: String,
        quoted: bool,
    },
    Variable {
        name: String,
        quoted: bool,
        span: Span,
    },
    Substitution {
        script: Script,
        quoted: bool,
        span: Span,
    },
}

impl Word {
    /// The word's text when it holds no expansion: what the lexer saw, quotes removed.
    pub fn literal(&self) -> Option<String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                WordPart::Literal { text: piece, .. } => text.push_str(piece),
                _ => return None,
            }
        }
        Some(text)
    }
    fn is_unquoted_literal(&self) -> bool {
        self.parts
            .iter()
            .all(|part| matches!(part, WordPart::Literal { quoted: false, .. }))
    }
}

/// How deep `$(…)` may nest. Bash has no limit, but every level costs the browser's stack; no
/// real script comes near it.
pub const MAX_NESTING: usize = 32;

/// Why a line is not in the playground's shell subset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShellErrorKind {
    /// `$(…)` nested deeper than [`MAX_NESTING`].
    TooDeep,
    /// Syntax bash has and the playground refuses; the text names it.
    Unsupported(String),
    UnterminatedSingleQuote,
    UnterminatedDoubleQuote,
    UnterminatedSubstitution,
    BadSubstitution(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellError {
    pub kind: ShellErrorKind,
    pub span: Span,
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ShellErrorKind::Unsupported(what) => {
                write!(f, "{what} is not supported in the playground")
            }
            ShellErrorKind::UnterminatedSingleQuote => write!(
                f,
                "unexpected end of input: a single quote (') is not closed"
            ),
            ShellErrorKind::UnterminatedDoubleQuote => write!(
                f,
                "unexpected end of input: a double quote (\") is not closed"
            ),
            ShellErrorKind::UnterminatedSubstitution => {
                write!(f, "unexpected end of input: `$(` is not closed by `)`")
            }
            ShellErrorKind::BadSubstitution(text) => write!(f, "{text}: bad substitution"),
            ShellErrorKind::TooDeep => write!(
                f,
                "`$(...)` is nested more than {MAX_NESTING} levels deep here: the playground runs up to {MAX_NESTING} (type `help` for its limits)"
            ),
        }
    }
}

const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "select", "function", "{", "}", "[[", "]]", "!", "time",
];

/// Parses a whole script (or one line). The first error wins: a script with an error runs nothing.
pub fn parse(source: &str) -> Result<Script, ShellError> {
    parse_with(source, false)
}

/// [`parse`], with pipes between commands (`curl … | jq -r .access_token`), as the shell inside a
/// VM reads a line.
pub fn parse_pipes(source: &str) -> Result<Script, ShellError> {
    parse_with(source, true)
}

fn parse_with(source: &str, pipes: bool) -> Result<Script, ShellError> {
    let tokens = lex(source);
    // The parser recurses into each `$(`: bound the depth before it starts.
    let mut depth = 0;
    for token in &tokens {
        match token.kind {
            TokenKind::SubstOpen => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(ShellError {
                        kind: ShellErrorKind::TooDeep,
                        span: token.span,
                    });
                }
            }
            TokenKind::SubstClose => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let mut parser = Parser {
        source,
        tokens: &tokens,
        position: 0,
        pipes,
    };
    let script = parser.script(false)?;
    Ok(script)
}

struct Parser<'a> {
    source: &'a str,
    tokens: &'a [Token],
    position: usize,
    /// `|` joins commands into a pipeline.
    pipes: bool,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.position).copied()
    }
    fn text(&self, span: Span) -> &'a str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// Commands up to the end of input, or up to the `)` closing a substitution when `nested`.
    fn script(&mut self, nested: bool) -> Result<Script, ShellError> {
        let mut commands = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        while let Some(token) = self.peek() {
            match token.kind {
                TokenKind::Whitespace | TokenKind::Comment | TokenKind::LineContinuation => {
                    self.position += 1
                }
                TokenKind::Newline | TokenKind::Semicolon => {
                    self.position += 1;
                    if token.kind == TokenKind::Semicolon && words.is_empty() {
                        return Err(ShellError {
                            kind: ShellErrorKind::Unsupported("an empty command before `;`".into()),
                            span: token.span,
                        });
                    }
                    self.finish(&mut words, &mut commands)?;
                }
                TokenKind::SubstClose if nested => break,
                TokenKind::Unsupported if self.pipes && self.text(token.span) == "|" => {
                    self.position += 1;
                    if words.is_empty() {
                        return Err(self.unsupported(token));
                    }
                    self.finish(&mut words, &mut commands)?;
                    if let Some(last) = commands.last_mut() {
                        last.piped = true;
                    }
                }
                TokenKind::Unsupported | TokenKind::SubstClose => {
                    return Err(self.unsupported(token))
                }
                _ => words.push(self.word()?),
            }
        }
        self.finish(&mut words, &mut commands)?;
        Ok(Script { commands })
    }

    fn unsupported(&self, token: Token) -> ShellError {
        let text = self.text(token.span);
        let what = match text {
            "|" => "a pipe `|`".to_string(),
            "||" => "`||`".to_string(),
            "&&" => "`&&`".to_string(),
            "&" => "running in the background with `&`".to_string(),
            ">" | ">>" | "<" | "<<" | ">&" | "<&" | "|&" => format!("redirection `{text}`"),
            "`" => "command substitution with backticks (use `$(...)`)".to_string(),
            "(" | ")" => format!("a subshell or grouping `{text}`"),
            "$((" => "arithmetic expansion `$((...))`".to_string(),
            ";;" => "`;;`".to_string(),
            _ => format!("`{text}`"),
        };
        ShellError {
            kind: ShellErrorKind::Unsupported(what),
            span: token.span,
        }
    }

    fn finish(
        &self,
        words: &mut Vec<Word>,
        commands: &mut Vec<SimpleCommand>,
    ) -> Result<(), ShellError> {
        if words.is_empty() {
            return Ok(());
        }
        let taken = std::mem::take(words);
        let span = taken[0].span.to(taken[taken.len() - 1].span);
        let mut assignments = Vec::new();
        let mut rest = Vec::new();
        for word in taken {
            let word = if rest.is_empty() {
                match as_assignment(word) {
                    Ok(assignment) => {
                        assignments.push(assignment);
                        continue;
                    }
                    Err(word) => word,
                }
            } else {
                word
            };
            rest.push(word);
        }
        if let Some(first) = rest.first() {
            if first.is_unquoted_literal() {
                let text = first.literal().unwrap_or_default();
                if KEYWORDS.contains(&text.as_str()) {
                    return Err(ShellError {
                        kind: ShellErrorKind::Unsupported(format!("the shell keyword `{text}`")),
                        span: first.span,
                    });
                }
            }
        }
        commands.push(SimpleCommand {
            assignments,
            words: rest,
            span,
            piped: false,
        });
        Ok(())
    }

    fn word(&mut self) -> Result<Word, ShellError> {
        let mut parts: Vec<WordPart> = Vec::new();
        let start = self.peek().map(|token| token.span.start).unwrap_or(0);
        let mut end = start;
        let push_literal = |parts: &mut Vec<WordPart>, piece: &str, quoted: bool| {
            if let Some(WordPart::Literal {
                text,
                quoted: was_quoted,
            }) = parts.last_mut()
            {
                if *was_quoted == quoted {
                    text.push_str(piece);
                    return;
                }
            }
            parts.push(WordPart::Literal {
                text: piece.to_string(),
                quoted,
            });
        };
        while let Some(token) = self.peek() {
            let text = self.text(token.span);
            match token.kind {
                TokenKind::Word => push_literal(&mut parts, text, false),
                TokenKind::Escape => push_literal(&mut parts, &text[1..], true),
                TokenKind::LineContinuation => {}
                TokenKind::SingleQuoted => {
                    if text.len() < 2 || !text.ends_with('\'') {
                        return Err(ShellError {
                            kind: ShellErrorKind::UnterminatedSingleQuote,
                            span: token.span,
                        });
                    }
                    push_literal(&mut parts, &text[1..text.len() - 1], true);
                }
                TokenKind::DoubleQuote => {
                    self.position += 1;
                    self.double_quoted(&mut parts, token.span)?;
                    end = self
                        .tokens
                        .get(self.position.saturating_sub(1))
                        .map(|t| t.span.end)
                        .unwrap_or(end);
                    continue;
                }
                TokenKind::Variable => parts.push(self.variable(token, false)?),
                TokenKind::SubstOpen => {
                    self.position += 1;
                    let script = self.script(true)?;
                    match self.peek() {
                        Some(close) if close.kind == TokenKind::SubstClose => {
                            parts.push(WordPart::Substitution {
                                script,
                                quoted: false,
                                span: token.span.to(close.span),
                            });
                            end = close.span.end;
                            self.position += 1;
                            continue;
                        }
                        _ => {
                            return Err(ShellError {
                                kind: ShellErrorKind::UnterminatedSubstitution,
                                span: Span::new(token.span.start, self.source.len()),
                            })
                        }
                    }
                }
                _ => break,
            }
            end = token.span.end;
            self.position += 1;
        }
        Ok(Word {
            parts,
            span: Span::new(start, end),
        })
    }

    fn double_quoted(&mut self, parts: &mut Vec<WordPart>, open: Span) -> Result<(), ShellError> {
        // `""` must still yield a (empty) word, so a quoted literal is always pushed.
        let mut pushed = false;
        let mut push_text = |parts: &mut Vec<WordPart>, piece: &str| {
            pushed = true;
            if let Some(WordPart::Literal { text, quoted: true }) = parts.last_mut() {
                text.push_str(piece);
                return;
            }
            parts.push(WordPart::Literal {
                text: piece.to_string(),
                quoted: true,
            });
        };
        push_text(parts, "");
        while let Some(token) = self.peek() {
            let text = self.text(token.span);
            self.position += 1;
            match token.kind {
                TokenKind::DoubleQuote => return Ok(()),
                TokenKind::QuotedText => push_text(parts, text),
                TokenKind::Escape => push_text(parts, &text[1..]),
                TokenKind::LineContinuation => {}
                TokenKind::Variable => parts.push(self.variable(token, true)?),
                TokenKind::SubstOpen => {
                    let script = self.script(true)?;
                    match self.peek() {
                        Some(close) if close.kind == TokenKind::SubstClose => {
                            self.position += 1;
                            parts.push(WordPart::Substitution {
                                script,
                                quoted: true,
                                span: token.span.to(close.span),
                            });
                        }
                        _ => {
                            return Err(ShellError {
                                kind: ShellErrorKind::UnterminatedSubstitution,
                                span: Span::new(token.span.start, self.source.len()),
                            })
                        }
                    }
                }
                TokenKind::Unsupported => return Err(self.unsupported(token)),
                _ => push_text(parts, text),
            }
        }
        Err(ShellError {
            kind: ShellErrorKind::UnterminatedDoubleQuote,
            span: Span::new(open.start, self.source.len()),
        })
    }

    fn variable(&self, token: Token, quoted: bool) -> Result<WordPart, ShellError> {
        let text = self.text(token.span);
        let name = if let Some(inner) = text.strip_prefix("${") {
            match inner.strip_suffix('}') {
                Some(name) if is_name(name) => name.to_string(),
                _ => {
                    return Err(ShellError {
                        kind: ShellErrorKind::BadSubstitution(text.to_string()),
                        span: token.span,
                    })
                }
            }
        } else {
            text[1..].to_string()
        };
        if !is_name(&name) {
            return Err(ShellError {
                kind: ShellErrorKind::Unsupported(format!("the special parameter `{text}`")),
                span: token.span,
            });
        }
        Ok(WordPart::Variable {
            name,
            quoted,
            span: token.span,
        })
    }
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// `NAME=value` as an assignment, or the word given back when it is not one. The word's parts
/// become the value's in place: nothing is copied.
fn as_assignment(word: Word) -> Result<Assignment, Word> {
    let name_length = match word.parts.first() {
        Some(WordPart::Literal {
            text,
            quoted: false,
        }) => match text.split_once('=') {
            Some((name, _)) if is_name(name) => name.len(),
            _ => return Err(word),
        },
        _ => return Err(word),
    };
    let Word { mut parts, span } = word;
    let mut name = String::new();
    // Bash does not split the right-hand side of an assignment: every part is marked quoted.
    for part in parts.iter_mut() {
        match part {
            WordPart::Literal { text, quoted } => {
                if name.is_empty() {
                    let value = text.split_off(name_length + 1);
                    text.truncate(name_length);
                    name = std::mem::replace(text, value);
                }
                *quoted = true;
            }
            WordPart::Variable { quoted, .. } | WordPart::Substitution { quoted, .. } => {
                *quoted = true
            }
        }
    }
    let value_start = span.start + name_length + 1;
    Ok(Assignment {
        name,
        value: Word {
            parts,
            span: Span::new(value_start.min(span.end), span.end),
        },
        span,
    })
}

/// Expands one word into fields, as bash does without globbing: unquoted expansions are split at
/// whitespace, quoted text never is, and a word that was only an empty unquoted expansion vanishes.
pub fn expand_word(word: &Word, expand: &mut dyn FnMut(&WordPart) -> String) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_exists = false;
    for part in &word.parts {
        match part {
            WordPart::Literal { text, quoted } => {
                current.push_str(text);
                if *quoted || !text.is_empty() {
                    current_exists = true;
                }
            }
            WordPart::Variable { quoted: true, .. }
            | WordPart::Substitution { quoted: true, .. } => {
                current.push_str(&expand(part));
                current_exists = true;
            }
            _ => {
                let value = expand(part);
                let chars = value.char_indices();
                let mut piece_start = 0;
                for (index, character) in chars {
                    if matches!(character, ' ' | '\t' | '\n') {
                        current.push_str(&value[piece_start..index]);
                        if index > piece_start {
                            current_exists = true;
                        }
                        if current_exists {
                            fields.push(std::mem::take(&mut current));
                            current_exists = false;
                        }
                        piece_start = index + character.len_utf8();
                    }
                }
                if piece_start < value.len() {
                    current.push_str(&value[piece_start..]);
                    current_exists = true;
                }
            }
        }
    }
    if current_exists {
        fields.push(current);
    }
    fields
}

/// Quotes `text` so the shell reads it back as one word with exactly that value.
pub fn quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '-' | '_'
                        | '.'
                        | '/'
                        | ':'
                        | ','
                        | '+'
                        | '@'
                        | '%'
                        | '='
                        | '['
                        | ']'
                        | '*'
                        | '?'
                        | '{'
                        | '}'
                )
        })
        && !text.starts_with('#');
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
