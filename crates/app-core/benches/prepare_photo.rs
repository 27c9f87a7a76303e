//! How long a subscriber waits between picking a 12-megapixel phone photo and seeing it ready to
//! send: decode, downscale to 2560 px, strip EXIF/GPS, re-encode, preview. One warm-up, then the
//! median of the runs. Run with `cargo bench -p app-core --bench prepare_photo` (scripts/figures.sh
//! does, beside the other figures of the README).

#[path = "../tests/core/photos.rs"]
#[allow(dead_code)] // the tests use the rest of it
mod photos;

use std::time::{Duration, Instant};

const RUNS: usize = 7;

fn main() {
    // 4000 × 3000: what a 12 MP phone camera writes, with its EXIF block and GPS position.
    let photo = photos::jpeg_with_gps(4000, 3000);
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    for run in 0..=RUNS {
        let started = Instant::now();
        let prepared = app_core::uploads::prepare("IMG_2041.jpg", &photo).expect("the photo is accepted");
        let took = started.elapsed();
        assert!(photos::gps_latitude(&prepared.bytes).is_none(), "the prepared photo still has a GPS position");
        if run > 0 {
            times.push(took);
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "prepare_photo 12MP ({} KiB JPEG with GPS): median {:.0} ms (min {:.0}, max {:.0}, {RUNS} runs)",
        photo.len() / 1024,
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1]),
    );
}
