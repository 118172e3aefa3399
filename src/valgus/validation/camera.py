"""Pinhole cameras (OpenCV convention) for projecting 3-D keypoints into images.

Convention (OpenCV / Pose2Sim): a world point X (metres) is in camera coordinates
``Xc = R @ X + t`` (R from the Rodrigues vector), camera x right, y down, z forward (depth); then
Brown–Conrady distortion (k1, k2, p1, p2[, k3]) and pixels ``u = fx x' + cx, v = fy y' + cy``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.spatial.transform import Rotation

from valgus.keypoints import FloatArray


@dataclass(frozen=True)
class PinholeCamera:
    """Intrinsics ``matrix`` (3, 3), ``rotation`` (3, 3) world->camera, ``translation`` (3,)."""

    matrix: FloatArray
    rotation: FloatArray
    translation: FloatArray
    distortion: FloatArray = field(default_factory=lambda: np.zeros(4))
    size: tuple[int, int] | None = None  # (width, height) px
    name: str = ""

    @property
    def centre(self) -> FloatArray:
        """Camera position in world coordinates: -R^T t."""
        return -self.rotation.T @ self.translation

    def to_camera(self, points: FloatArray) -> FloatArray:
        """World points (..., 3) to camera coordinates (..., 3)."""
        return np.asarray(points, dtype=np.float64) @ self.rotation.T + self.translation

    def project(self, points: FloatArray) -> FloatArray:
        """World points (..., 3) to pixels (..., 2); NaN behind the camera or for NaN input."""
        cam = self.to_camera(points)
        with np.errstate(invalid="ignore", divide="ignore"):
            z = np.where(cam[..., 2] > 1e-9, cam[..., 2], np.nan)
            x, y = cam[..., 0] / z, cam[..., 1] / z
        x, y = _distort(x, y, self.distortion)
        fx, fy = self.matrix[0, 0], self.matrix[1, 1]
        cx, cy = self.matrix[0, 2], self.matrix[1, 2]
        skew = self.matrix[0, 1]
        return np.stack([fx * x + skew * y + cx, fy * y + cy], axis=-1)

    def back_project(self, pixels: FloatArray, depth: FloatArray) -> FloatArray:
        """Pixels (..., 2) at camera depth (...) to world points (..., 3); ignores distortion."""
        px = np.asarray(pixels, dtype=np.float64)
        ones = np.ones((*px.shape[:-1], 1))
        rays = np.concatenate([px, ones], axis=-1) @ np.linalg.inv(self.matrix).T
        cam = rays * np.asarray(depth, dtype=np.float64)[..., None]
        return (cam - self.translation) @ self.rotation


def _distort(x: FloatArray, y: FloatArray, dist: FloatArray) -> tuple[FloatArray, FloatArray]:
    d = np.zeros(5)
    d[: min(5, len(dist))] = np.asarray(dist, dtype=np.float64)[:5]
    k1, k2, p1, p2, k3 = d
    r2 = x * x + y * y
    radial = 1.0 + k1 * r2 + k2 * r2 * r2 + k3 * r2**3
    xd = x * radial + 2.0 * p1 * x * y + p2 * (r2 + 2.0 * x * x)
    yd = y * radial + p1 * (r2 + 2.0 * y * y) + 2.0 * p2 * x * y
    return xd, yd


def from_rodrigues(
    matrix: FloatArray,
    rvec: FloatArray,
    tvec: FloatArray,
    distortion: FloatArray | None = None,
    size: tuple[int, int] | None = None,
    name: str = "",
) -> PinholeCamera:
    """A camera from OpenCV extrinsics (Rodrigues rotation vector, translation in metres)."""
    rot = Rotation.from_rotvec(np.asarray(rvec, dtype=np.float64)).as_matrix()
    return PinholeCamera(
        matrix=np.asarray(matrix, dtype=np.float64),
        rotation=rot,
        translation=np.asarray(tvec, dtype=np.float64),
        distortion=np.zeros(4) if distortion is None else np.asarray(distortion, dtype=np.float64),
        size=size,
        name=name,
    )


def look_at(
    centre: FloatArray,
    target: FloatArray,
    up: FloatArray,
    focal_px: float = 1500.0,
    size: tuple[int, int] = (1080, 1920),
) -> PinholeCamera:
    """An undistorted camera at ``centre`` looking at ``target``, image y along -``up``."""
    c = np.asarray(centre, dtype=np.float64)
    z = np.asarray(target, dtype=np.float64) - c
    z = z / np.linalg.norm(z)
    u = np.asarray(up, dtype=np.float64)
    x = np.cross(z, u)
    x = x / np.linalg.norm(x)
    y = np.cross(z, x)
    rot = np.stack([x, y, z])  # rows: camera axes in world coordinates
    k = np.array([[focal_px, 0.0, size[0] / 2.0], [0.0, focal_px, size[1] / 2.0], [0.0, 0.0, 1.0]])
    return PinholeCamera(matrix=k, rotation=rot, translation=-rot @ c, size=size, name="look_at")


def frontal_camera(
    positions: FloatArray,
    up: FloatArray,
    forward: FloatArray,
    distance_m: float = 4.0,
    focal_px: float = 1500.0,
) -> PinholeCamera:
    """A virtual camera ``distance_m`` in front of the person at hip height, looking at the hips.

    positions: (T, K, 3) canonical joints (the median mid-hip is the target); forward: the person's
    mean forward direction (horizontal), up: the lab's up vector.
    """
    from valgus.skeleton import INDEX

    hips = 0.5 * (positions[:, INDEX["left_hip"]] + positions[:, INDEX["right_hip"]])
    target = np.nanmedian(hips, axis=0)
    u = np.asarray(up, dtype=np.float64) / np.linalg.norm(up)
    f = np.asarray(forward, dtype=np.float64)
    f = f - (f @ u) * u
    f = f / np.linalg.norm(f)
    return look_at(target + distance_m * f, target, u, focal_px=focal_px)
