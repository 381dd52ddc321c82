//! The picture: the DOT form rendered by Graphviz (`dot -Tsvg`), when it is installed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::GraphError;

/// Renders DOT source to SVG with the `dot` found on `PATH`.
///
/// # Errors
/// [`GraphError::NoGraphviz`] when no `dot` is on `PATH`; [`GraphError::Graphviz`] when it fails;
/// [`GraphError::Io`] when it cannot be started.
pub fn dot_to_svg(dot: &str) -> Result<Vec<u8>, GraphError> {
    let program = graphviz_dot().ok_or(GraphError::NoGraphviz)?;
    let mut child = Command::new(program)
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdin = child.stdin.take();
    // Fed on a thread of its own, so that `dot` writing while it reads cannot block both.
    let output = std::thread::scope(|scope| {
        let feeder = scope.spawn(move || match stdin {
            Some(mut stdin) => stdin.write_all(dot.as_bytes()),
            None => Ok(()),
        });
        let output = child.wait_with_output();
        let fed = feeder.join().unwrap_or(Ok(()));
        (output, fed)
    });
    let (output, fed) = output;
    let output = output?;
    if !output.status.success() {
        return Err(GraphError::Graphviz {
            status: output.status.to_string(),
            message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    // A write that failed although `dot` succeeded left it with part of the graph.
    fed?;
    Ok(output.stdout)
}

/// Graphviz's `dot` on `PATH`, if there is one.
pub fn graphviz_dot() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("dot"))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.with_extension("exe").is_file() || path.is_file()
}
