//! Databases docfacts refuses are left as they were found, and messages never show a password
//! (issue 20).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::cli::docfacts;

fn one_input(dir: &Path) -> PathBuf {
    let input = dir.join("in.txt");
    std::fs::write(
        &input,
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024, đạt 91,83%.\n",
    )
    .unwrap();
    input
}

/// The bytes of `db` and which of its side files exist.
fn state(db: &Path) -> (Vec<u8>, Vec<String>) {
    let sides = ["-wal", "-shm", "-journal"]
        .iter()
        .map(|side| format!("{}{side}", db.display()))
        .filter(|side| Path::new(side).exists())
        .collect();
    (std::fs::read(db).unwrap(), sides)
}

fn load_into(cmd: &mut Command, input: &Path, db: &Path) -> Output {
    cmd.args(["extract", "--quiet"])
        .arg(input)
        .arg("--sqlite")
        .arg(db)
        .output()
        .unwrap()
}

/// Loads `input` into `db`, expecting a refusal that leaves `db` as it was; returns stderr.
fn refused(cmd: &mut Command, input: &Path, db: &Path) -> String {
    let before = state(db);
    let out = load_into(cmd, input, db);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        state(db) == before,
        "the refused database was changed (or side files left): {:?}; {stderr}",
        state(db).1
    );
    assert!(
        !stderr.contains("CREATE") && stderr.lines().count() == 1,
        "the refusal is not one sentence: {stderr}"
    );
    stderr
}

#[test]
fn a_foreign_sqlite_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = one_input(dir.path());
    let db = dir.path().join("theirs.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TABLE keep (x); INSERT INTO keep VALUES (42);")
        .unwrap();
    drop(conn);
    let stderr = refused(&mut docfacts(), &input, &db);
    assert!(
        stderr.contains("not a docfacts database") && stderr.contains("keep"),
        "{stderr}"
    );

    // A text file is no database either.
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "not a database\n".repeat(100)).unwrap();
    let stderr = refused(&mut docfacts(), &input, &text);
    assert!(stderr.contains("not a database"), "{stderr}");
}

#[test]
fn a_newer_or_broken_schema_is_refused_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let input = one_input(dir.path());

    let newer = dir.path().join("newer.db");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT);
             INSERT INTO schema_version (version) VALUES (99);
             CREATE TABLE documents (id TEXT PRIMARY KEY);",
        )
        .unwrap();
    let stderr = refused(&mut docfacts(), &input, &newer);
    assert!(
        stderr.contains("schema version 99") && stderr.contains("upgrade docfacts"),
        "{stderr}"
    );

    // Version 1, with a table of its own where version 2 creates `comparisons`: the upgrade
    // fails (rolled back), and the message says so without the script.
    let broken = dir.path().join("broken.db");
    rusqlite::Connection::open(&broken)
        .unwrap()
        .execute_batch(&format!(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT);
             INSERT INTO schema_version (version) VALUES (1);
             {}
             CREATE TABLE comparisons (mine TEXT);",
            include_str!("../crates/sink/sql/sqlite/001_init.sql")
        ))
        .unwrap();
    let out = load_into(&mut docfacts(), &input, &broken);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("schema version 1")
            && stderr.contains("version 2")
            && stderr.contains("already exists")
            && !stderr.contains("CREATE"),
        "{stderr}"
    );
}

/// Whether this process runs as root (permissions then deny it nothing).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .is_some_and(|ids| ids.split_whitespace().next() == Some("0"))
    })
}

#[test]
#[allow(clippy::print_stderr)] // the skip must be visible in the test output
fn a_read_only_sqlite_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = one_input(dir.path());
    let db = dir.path().join("facts.db");
    let out = load_into(&mut docfacts(), &input, &db);
    assert_eq!(out.status.code(), Some(0));
    std::fs::remove_file(&input).unwrap();
    let input = one_input(dir.path());
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    // The directory is writable: nothing may appear beside the database either.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut cmd = if is_root() {
        // As root, a read-only file is writable: run as `nobody`, if setpriv is there.
        if Command::new("setpriv").arg("--version").output().is_err() {
            eprintln!("skipped: running as root without setpriv");
            return;
        }
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_docfacts"))
            .env("DOCFACTS_NO_PROGRESS", "1")
            .env_remove("DOCFACTS_DATABASE_URL");
        cmd
    } else {
        docfacts()
    };
    let stderr = refused(&mut cmd, &input, &db);
    assert!(stderr.contains("read-only"), "{stderr}");
}

#[test]
fn connection_strings_never_show_their_password() {
    let dir = tempfile::tempdir().unwrap();
    let input = one_input(dir.path());
    // Port 1: nothing listens there, the connection is refused at once.
    for conn in [
        "postgres://docfacts:s3cret-url@127.0.0.1:1/facts",
        "postgresql://127.0.0.1:1/facts?user=docfacts&password=s3cret-query",
        "host=127.0.0.1 port=1 user=docfacts password=s3cret-kv dbname=facts",
        "host=127.0.0.1 port=1 password = 's3cret quoted \\' value' dbname=facts",
        "host=127.0.0.1 port=1 password=s3cret-unterminated' dbname=facts",
    ] {
        let runs: [(&str, Vec<&str>, bool); 3] = [
            ("extract --postgres", vec!["extract", "--quiet"], false),
            (
                "extract, DOCFACTS_DATABASE_URL",
                vec!["extract", "--quiet"],
                true,
            ),
            ("compare --postgres", vec!["compare"], false),
        ];
        for (what, args, via_env) in runs {
            let mut cmd = docfacts();
            cmd.args(&args).arg(&input);
            if args[0] == "compare" {
                cmd.arg(&input);
            }
            if via_env {
                cmd.env("DOCFACTS_DATABASE_URL", conn);
            } else {
                cmd.args(["--postgres", conn]);
            }
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what} {conn}: {stderr}");
            assert!(
                stderr.contains("127.0.0.1") && !stderr.contains("s3cret"),
                "{what} with {conn} shows the password: {stderr}"
            );
        }
    }
}

#[test]
fn a_postgres_database_with_a_foreign_documents_table_is_refused_untouched() {
    let Some(db) = crate::sink::Db::postgres("foreign") else {
        return;
    };
    db.exec("CREATE TABLE documents (theirs TEXT); INSERT INTO documents VALUES ('kept');");
    let dir = tempfile::tempdir().unwrap();
    let input = one_input(dir.path());
    let out = docfacts()
        .args(["extract", "--quiet"])
        .arg(&input)
        .args(db.args())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not a docfacts database"), "{stderr}");
    let tables = db.query(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' ORDER BY 1",
    );
    assert_eq!(tables, vec![vec!["documents".to_owned()]], "{stderr}");
}
