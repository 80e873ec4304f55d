package io.genkern.motion;

import io.genkern.GenkernException;

/**
 * Unit quaternions stored as {@code double[4]} in (w, x, y, z) order, the order HumanML3D uses, and
 * their conversions to rotation matrices, the continuous 6D form and Euler angles. A quaternion
 * {@code q} rotates a vector {@code v} as {@code q v q*}; {@code mul(a, b)} applies {@code b} first.
 */
public final class Quat {
    private Quat() {}

    public static double[] identity() {
        return new double[] {1, 0, 0, 0};
    }

    public static double[] axisAngle(double[] axis, double radians) {
        double[] u = Vec3.normalize(axis, Vec3.of(0, 1, 0));
        double s = Math.sin(radians / 2);
        return new double[] {Math.cos(radians / 2), u[0] * s, u[1] * s, u[2] * s};
    }

    public static double[] aboutX(double radians) {
        return new double[] {Math.cos(radians / 2), Math.sin(radians / 2), 0, 0};
    }

    public static double[] aboutY(double radians) {
        return new double[] {Math.cos(radians / 2), 0, Math.sin(radians / 2), 0};
    }

    public static double[] aboutZ(double radians) {
        return new double[] {Math.cos(radians / 2), 0, 0, Math.sin(radians / 2)};
    }

    /** Hamilton product: the rotation {@code b} followed by {@code a}. */
    public static double[] mul(double[] a, double[] b) {
        return new double[] {
            a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
            a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
            a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
            a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0]
        };
    }

    /** Inverse of a unit quaternion (its conjugate). */
    public static double[] inverse(double[] q) {
        return new double[] {q[0], -q[1], -q[2], -q[3]};
    }

    public static double[] normalize(double[] q) {
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        if (!(n > 1e-12)) throw new GenkernException("cannot normalise quaternion of norm " + n);
        return new double[] {q[0] / n, q[1] / n, q[2] / n, q[3] / n};
    }

    public static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
    }

    public static double[] rotate(double[] q, double[] v) {
        // v + 2w (u × v) + 2 u × (u × v) with u the vector part, written out: no temporaries in this hot path.
        double w = q[0], x = q[1], y = q[2], z = q[3];
        double cx = y * v[2] - z * v[1], cy = z * v[0] - x * v[2], cz = x * v[1] - y * v[0];
        return new double[] {
            v[0] + 2 * (w * cx + y * cz - z * cy),
            v[1] + 2 * (w * cy + z * cx - x * cz),
            v[2] + 2 * (w * cz + x * cy - y * cx)
        };
    }

    /**
     * The shortest rotation taking direction {@code from} onto direction {@code to} (HumanML3D's
     * {@code qbetween}); opposite directions turn half a turn about an axis perpendicular to both.
     */
    public static double[] between(double[] from, double[] to) {
        double[] a = Vec3.normalize(from, Vec3.of(0, 1, 0));
        double[] b = Vec3.normalize(to, Vec3.of(0, 1, 0));
        double d = Vec3.dot(a, b);
        if (d < -1 + 1e-12) {
            double[] axis = Vec3.cross(a, Math.abs(a[0]) < 0.9 ? Vec3.of(1, 0, 0) : Vec3.of(0, 1, 0));
            return axisAngle(axis, Math.PI);
        }
        double[] c = Vec3.cross(a, b);
        return normalize(new double[] {1 + d, c[0], c[1], c[2]});
    }

    /** Rotation matrix, row-major {@code m[row][col]}. */
    public static double[][] toMatrix(double[] q) {
        double w = q[0], x = q[1], y = q[2], z = q[3];
        return new double[][] {
            {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)},
            {2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)},
            {2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)}
        };
    }

    /** Quaternion of a rotation matrix (Shepperd's method: stable for every angle), with w ≥ 0. */
    public static double[] fromMatrix(double[][] m) {
        double trace = m[0][0] + m[1][1] + m[2][2];
        double[] q;
        if (trace > 0) {
            double s = Math.sqrt(trace + 1) * 2;
            q = new double[] {s / 4, (m[2][1] - m[1][2]) / s, (m[0][2] - m[2][0]) / s, (m[1][0] - m[0][1]) / s};
        } else if (m[0][0] > m[1][1] && m[0][0] > m[2][2]) {
            double s = Math.sqrt(1 + m[0][0] - m[1][1] - m[2][2]) * 2;
            q = new double[] {(m[2][1] - m[1][2]) / s, s / 4, (m[0][1] + m[1][0]) / s, (m[0][2] + m[2][0]) / s};
        } else if (m[1][1] > m[2][2]) {
            double s = Math.sqrt(1 + m[1][1] - m[0][0] - m[2][2]) * 2;
            q = new double[] {(m[0][2] - m[2][0]) / s, (m[0][1] + m[1][0]) / s, s / 4, (m[1][2] + m[2][1]) / s};
        } else {
            double s = Math.sqrt(1 + m[2][2] - m[0][0] - m[1][1]) * 2;
            q = new double[] {(m[1][0] - m[0][1]) / s, (m[0][2] + m[2][0]) / s, (m[1][2] + m[2][1]) / s, s / 4};
        }
        q = normalize(q);
        return q[0] < 0 ? scale(q, -1) : q;
    }

    /**
     * The continuous 6D form (Zhou et al. 2019) as HumanML3D writes it: the first two columns of the
     * rotation matrix, {@code [m00, m10, m20, m01, m11, m21]}.
     */
    public static double[] to6d(double[] q) {
        double[][] m = toMatrix(q);
        return new double[] {m[0][0], m[1][0], m[2][0], m[0][1], m[1][1], m[2][1]};
    }

    /** Inverse of {@link #to6d}: Gram–Schmidt on the two columns, the third is their cross product. */
    public static double[] from6d(double[] d) {
        double[] a = Vec3.normalize(Vec3.of(d[0], d[1], d[2]), Vec3.of(1, 0, 0));
        double[] b = Vec3.of(d[3], d[4], d[5]);
        b = Vec3.normalize(Vec3.addScaled(b, a, -Vec3.dot(a, b)), Vec3.of(0, 1, 0));
        double[] c = Vec3.cross(a, b);
        return fromMatrix(new double[][] {{a[0], b[0], c[0]}, {a[1], b[1], c[1]}, {a[2], b[2], c[2]}});
    }

    /**
     * Euler angles in degrees for BVH's {@code Zrotation Xrotation Yrotation} channels:
     * {@code R = Rz(z) Rx(x) Ry(y)}, returned as {@code {z, x, y}}. At x = ±90° (gimbal lock) y is 0.
     */
    public static double[] toEulerZxyDegrees(double[] q) {
        double[][] m = toMatrix(q);
        double sx = Math.max(-1, Math.min(1, m[2][1]));
        double x = Math.asin(sx);
        double z;
        double y;
        if (Math.abs(sx) < 1 - 1e-9) {
            z = Math.atan2(-m[0][1], m[1][1]);
            y = Math.atan2(-m[2][0], m[2][2]);
        } else {
            z = Math.atan2(m[1][0], m[0][0]);
            y = 0;
        }
        return new double[] {Math.toDegrees(z), Math.toDegrees(x), Math.toDegrees(y)};
    }

    /** Composes rotations about the named axes in the listed order, e.g. "ZXY": Rz·Rx·Ry (BVH semantics). */
    public static double[] fromEulerDegrees(String axes, double... degrees) {
        if (axes.length() != degrees.length) {
            throw new GenkernException("Euler order '" + axes + "' needs " + axes.length() + " angles, got "
                    + degrees.length);
        }
        double[] q = identity();
        for (int i = 0; i < axes.length(); i++) {
            double r = Math.toRadians(degrees[i]);
            q = mul(q, switch (Character.toUpperCase(axes.charAt(i))) {
                case 'X' -> aboutX(r);
                case 'Y' -> aboutY(r);
                case 'Z' -> aboutZ(r);
                default -> throw new GenkernException("Euler order '" + axes + "' has axis '" + axes.charAt(i)
                        + "'; expected X, Y or Z");
            });
        }
        return q;
    }

    /** Angle in radians between two rotations (0 for equal rotations, whatever the quaternion sign). */
    public static double angleBetween(double[] a, double[] b) {
        double[] d = mul(inverse(a), b);
        // atan2 keeps full precision near 0, where acos of the dot product would not.
        return 2 * Math.atan2(Math.sqrt(d[1] * d[1] + d[2] * d[2] + d[3] * d[3]), Math.abs(d[0]));
    }

    /** Spherical interpolation, taking the short way round. */
    public static double[] slerp(double[] a, double[] b, double t) {
        double d = dot(a, b);
        double[] bb = d < 0 ? scale(b, -1) : b;
        d = Math.abs(d);
        if (d > 0.9995) {
            return normalize(new double[] {
                a[0] + (bb[0] - a[0]) * t, a[1] + (bb[1] - a[1]) * t, a[2] + (bb[2] - a[2]) * t, a[3] + (bb[3] - a[3]) * t});
        }
        double theta = Math.acos(d);
        double wa = Math.sin((1 - t) * theta) / Math.sin(theta);
        double wb = Math.sin(t * theta) / Math.sin(theta);
        return new double[] {wa * a[0] + wb * bb[0], wa * a[1] + wb * bb[1], wa * a[2] + wb * bb[2], wa * a[3] + wb * bb[3]};
    }

    private static double[] scale(double[] q, double s) {
        return new double[] {q[0] * s, q[1] * s, q[2] * s, q[3] * s};
    }
}
