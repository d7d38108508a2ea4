//! The peak resident memory of this process, as Linux keeps it (`VmHWM` in `/proc/self/status`).

use crate::BenchResult;

/// The highest resident set size this process has had, in KiB.
pub fn peak_rss_kib() -> BenchResult<u64> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status (Linux only): {e}"))?;
    parse_vm_hwm(&status).ok_or_else(|| "no VmHWM line in /proc/self/status".into())
}

/// The value of the `VmHWM:` line, which the kernel writes as `VmHWM:    12345 kB`.
fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_hwm_is_read_in_kib() {
        let status =
            "Name:\tsdk-bench\nVmPeak:\t  200000 kB\nVmHWM:\t    12345 kB\nVmRSS:\t 1000 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(12345));
    }

    #[test]
    fn a_status_without_vm_hwm_gives_none() {
        assert_eq!(parse_vm_hwm("Name:\tx\n"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_a_peak() {
        assert!(peak_rss_kib().unwrap() > 0);
    }
}
