#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    push_sdks_fuzz::targets::decode_push_security(data);
});
