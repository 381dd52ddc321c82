//! Where records are loaded: an SQLite file or a PostgreSQL connection string, shown with its
//! password hidden.

use std::path::PathBuf;

/// Where to load records. Its `Debug` and [`Target::display`] hide a PostgreSQL password.
#[derive(Clone, PartialEq, Eq)]
pub enum Target {
    /// An SQLite database file, created when missing.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host:port/db`) or key=value string.
    Postgres(String),
}

impl Target {
    /// A name for messages: the file path, or the connection string with any password hidden
    /// (URL or `key=value` form).
    pub fn display(&self) -> String {
        match self {
            Target::Sqlite(path) => path.display().to_string(),
            Target::Postgres(url) => hide_password(url),
        }
    }
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            Target::Postgres(conn) => f
                .debug_tuple("Postgres")
                .field(&hide_password(conn))
                .finish(),
        }
    }
}

/// A connection string fit for messages: the password replaced by `***`, in each form libpq
/// reads: a URL (`postgres://user:secret@host/db`, `…?password=secret`) or `key=value` pairs
/// (`host=h password=secret`, `password='a b'`). Where the string cannot be read to its end,
/// everything from the first doubt on is hidden too.
fn hide_password(conn: &str) -> String {
    let conn_lower = conn.to_ascii_lowercase();
    if conn_lower.starts_with("postgres://") || conn_lower.starts_with("postgresql://") {
        hide_in_url(conn)
    } else {
        hide_in_key_values(conn)
    }
}

/// `scheme://user:secret@host/db?password=secret` → `scheme://user:***@host/db?password=***`.
fn hide_in_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    // The last `@` ends the user info (a password may hold an unescaped `@`); should it be in
    // the query instead, more than the password is hidden, never less.
    let (userinfo, after) = match rest.rfind('@') {
        Some(at) => (rest.get(..at), rest.get(at + 1..).unwrap_or_default()),
        None => (None, rest),
    };
    let mut out = format!("{scheme}://");
    if let Some(userinfo) = userinfo {
        match userinfo.split_once(':') {
            Some((user, _)) => out.push_str(&format!("{user}:***@")),
            None => out.push_str(&format!("{userinfo}@")),
        }
    }
    match after.split_once('?') {
        Some((place, query)) => {
            out.push_str(place);
            out.push('?');
            let params: Vec<String> = query
                .split('&')
                .map(|param| match param.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                        format!("{key}=***")
                    }
                    _ => param.to_owned(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
        None => out.push_str(after),
    }
    out
}

/// `host=h password=secret` → `host=h password=***`, values quoted or not (libpq's rules:
/// `key = value` pairs separated by spaces, `'…'` quotes, `\` escapes).
fn hide_in_key_values(conn: &str) -> String {
    let bytes = conn.as_bytes();
    let mut out = String::with_capacity(conn.len());
    let mut i = 0;
    let skip_spaces = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    while i < bytes.len() {
        let key_start = skip_spaces(i);
        let mut key_end = key_start;
        while bytes
            .get(key_end)
            .is_some_and(|&b| b != b'=' && !b.is_ascii_whitespace())
        {
            key_end += 1;
        }
        let eq = skip_spaces(key_end);
        if key_end == bytes.len() && key_start == key_end {
            out.push_str(conn.get(i..).unwrap_or_default());
            return out;
        }
        if bytes.get(eq) != Some(&b'=') {
            return doubtful(out, conn, i);
        }
        let value_start = skip_spaces(eq + 1);
        let mut value_end = value_start;
        if bytes.get(value_start) == Some(&b'\'') {
            value_end += 1;
            loop {
                match bytes.get(value_end) {
                    Some(b'\\') => value_end += 2,
                    Some(b'\'') => {
                        value_end += 1;
                        break;
                    }
                    Some(_) => value_end += 1,
                    None => return doubtful(out, conn, i),
                }
            }
        } else {
            while let Some(&b) = bytes.get(value_end) {
                match b {
                    b'\\' => value_end += 2,
                    b if b.is_ascii_whitespace() => break,
                    _ => value_end += 1,
                }
            }
        }
        let value_end = value_end.min(bytes.len());
        let key = conn.get(key_start..key_end).unwrap_or_default();
        out.push_str(conn.get(i..value_start).unwrap_or_default());
        if key.eq_ignore_ascii_case("password") {
            out.push_str("***");
        } else {
            out.push_str(conn.get(value_start..value_end).unwrap_or_default());
        }
        i = value_end;
    }
    out
}

/// The part of a connection string read so far, and the rest hidden where it may hold a
/// password.
fn doubtful(mut out: String, conn: &str, from: usize) -> String {
    let rest = conn.get(from..).unwrap_or_default();
    if rest.to_ascii_lowercase().contains("password") {
        out.push_str(" ***");
    } else {
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden_in_urls() {
        for (url, shown) in [
            (
                "postgres://u:secret@h:5432/db",
                "postgres://u:***@h:5432/db",
            ),
            ("postgres://u@h/db", "postgres://u@h/db"),
            ("postgres://h/db", "postgres://h/db"),
            ("postgresql://u:p@ss@h/db", "postgresql://u:***@h/db"),
            ("POSTGRES://u:secret@h/db", "POSTGRES://u:***@h/db"),
            (
                "postgres://h/db?user=u&password=secret&sslmode=disable",
                "postgres://h/db?user=u&password=***&sslmode=disable",
            ),
        ] {
            assert_eq!(hide_password(url), shown, "{url}");
        }
    }

    #[test]
    fn passwords_are_hidden_in_key_value_strings() {
        for (conn, shown) in [
            (
                "host=localhost port=1 password=secret dbname=x",
                "host=localhost port=1 password=*** dbname=x",
            ),
            (
                "host=h password = 'a b\\' secret' user=u",
                "host=h password = *** user=u",
            ),
            ("password=se\\ cret host=h", "password=*** host=h"),
            ("PASSWORD=secret", "PASSWORD=***"),
            ("host=h user=u", "host=h user=u"),
            ("  host=h  ", "  host=h  "),
            // Unreadable from some point on: the rest is hidden where it names a password.
            ("host=h password='secret", "host=h ***"),
            ("host=h oops password=secret", "host=h ***"),
            ("host=h oops", "host=h oops"),
        ] {
            assert_eq!(hide_password(conn), shown, "{conn}");
        }
    }
}
