//! The scan's progress bar on standard error.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use netral::archive::Progress;

/// How the bar looks when the size of the input is known: how far, the time left, and the
/// counts, cut to the terminal's width (`wide_msg`) so that the line never wraps.
const SIZED: &str = "{bar:20} {percent:>3}%  ETA {eta}  {wide_msg}";

/// How it looks for input of unknown size (standard input, a pipe): the time taken and the
/// counts.
const UNSIZED: &str = "{spinner} {elapsed}  {wide_msg}";

/// A progress display: records read and their rate, flags and errors, and, when the inputs
/// are files whose size is known, how far the scan has come and the time left. Drawn by
/// indicatif at most a few times a second, and only when standard error is a terminal: a
/// scan whose messages go to a file or a pipe prints no progress.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar for inputs of `size` bytes as stored (`None` when unknown), or `None` when
    /// standard error is not a terminal.
    pub fn new(size: Option<u64>) -> Option<Bar> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let target = ProgressDrawTarget::stderr();
        let (bar, template) = match size {
            Some(size) => (ProgressBar::with_draw_target(Some(size), target), SIZED),
            None => (ProgressBar::with_draw_target(None, target), UNSIZED),
        };
        // The templates are constants of ours; should one ever not parse, the bar falls back
        // to indicatif's plain style rather than stopping the scan.
        let style = ProgressStyle::with_template(template).unwrap_or_else(|_| {
            if size.is_some() {
                ProgressStyle::default_bar()
            } else {
                ProgressStyle::default_spinner()
            }
        });
        bar.set_style(style);
        Some(Bar { bar })
    }

    /// Shows where the scan stands.
    pub fn update(&self, p: &Progress) {
        let secs = p.elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            p.records as f64 / secs
        } else {
            0.0
        };
        self.bar.set_message(format!(
            "{} records ({rate:.0}/s)  {} flagged  {} errors",
            p.records, p.flagged, p.errors
        ));
        self.bar.set_position(p.input_bytes);
    }

    /// Removes the bar, so that what is printed next starts on a clean line.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}
