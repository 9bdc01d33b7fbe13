//! Distances on the Earth, computed so that the database needs only
//! arithmetic: each address is stored with its unit vector on the sphere,
//! and the squared chord between two unit vectors is a monotonic function
//! of their great-circle distance.

pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// The unit vector of a point given in degrees.
pub fn unit_vector(latitude: f64, longitude: f64) -> [f64; 3] {
    let (lat, lon) = (latitude.to_radians(), longitude.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The squared chord matching a great-circle distance.
pub fn chord_squared(km: f64) -> f64 {
    let half_angle = (km / EARTH_RADIUS_KM / 2.0).min(std::f64::consts::FRAC_PI_2);
    let chord = 2.0 * half_angle.sin();
    chord * chord
}

/// The great-circle distance matching a squared chord.
pub fn km_from_chord_squared(chord_squared: f64) -> f64 {
    2.0 * EARTH_RADIUS_KM * (chord_squared.max(0.0).sqrt() / 2.0).min(1.0).asin()
}

/// Great-circle distance between two points in degrees (haversine).
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// A latitude/longitude box holding every point within `km` of the
/// centre: a cheap, indexable first cut before the exact test.
pub fn bounding_box(latitude: f64, longitude: f64, km: f64) -> (f64, f64, f64, f64) {
    let dlat = (km / EARTH_RADIUS_KM).to_degrees();
    let (min_lat, max_lat) = (latitude - dlat, latitude + dlat);
    if min_lat <= -90.0 || max_lat >= 90.0 {
        return (min_lat.max(-90.0), max_lat.min(90.0), -180.0, 180.0);
    }
    let widest = max_lat.abs().max(min_lat.abs()).to_radians().cos();
    let dlon = (km / (EARTH_RADIUS_KM * widest)).to_degrees();
    if dlon >= 180.0 {
        return (min_lat, max_lat, -180.0, 180.0);
    }
    // Boxes across the antimeridian are widened to every longitude (rare
    // for French missions, Pacific territories aside).
    if longitude - dlon < -180.0 || longitude + dlon > 180.0 {
        return (min_lat, max_lat, -180.0, 180.0);
    }
    (min_lat, max_lat, longitude - dlon, longitude + dlon)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARIS: (f64, f64) = (48.8566, 2.3522);
    const LYON: (f64, f64) = (45.7640, 4.8357);

    #[test]
    fn paris_to_lyon_is_about_392_km() {
        let d = haversine_km(PARIS, LYON);
        assert!((d - 392.0).abs() < 2.0, "{d}");
    }

    #[test]
    fn the_chord_gives_back_the_distance() {
        let (a, b) = (unit_vector(PARIS.0, PARIS.1), unit_vector(LYON.0, LYON.1));
        let c2: f64 = (0..3).map(|i| (a[i] - b[i]).powi(2)).sum();
        assert!((km_from_chord_squared(c2) - haversine_km(PARIS, LYON)).abs() < 1e-6);
        assert!((km_from_chord_squared(chord_squared(123.4)) - 123.4).abs() < 1e-9);
    }

    #[test]
    fn the_box_holds_the_circle() {
        let (min_lat, max_lat, min_lon, max_lon) = bounding_box(LYON.0, LYON.1, 400.0);
        assert!(
            min_lat <= PARIS.0 && PARIS.0 <= max_lat && min_lon <= PARIS.1 && PARIS.1 <= max_lon
        );
        let small = bounding_box(LYON.0, LYON.1, 10.0);
        assert!(!(small.0 <= PARIS.0 && PARIS.0 <= small.1));
    }
}
