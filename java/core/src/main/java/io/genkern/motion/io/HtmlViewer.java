package io.genkern.motion.io;

import io.genkern.io.FileErrors;
import io.genkern.GenkernException;
import io.genkern.motion.Motions;
import io.genkern.motion.Skeleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a self-contained HTML page (one file: inline script and style, no network access, no
 * external resources) that plays one or more motions side by side as 3D stick figures on canvases
 * that fill the window, each with its caption: play/pause, a time scrubber, playback speed, frame
 * and time on every view, a legend (blue left, red right), the pelvis's trajectory on a 1 m floor
 * grid, and two cameras shared by all views (drag to orbit, wheel to zoom): one following the body
 * and one fixed on the whole path so travel shows. Keyboard: space, arrows, c, r, [ and ]. Joint
 * positions are embedded as integer millimetres.
 */
public final class HtmlViewer {
    private HtmlViewer() {}

    /** One motion to show: its caption, skeleton, positions [T][J][3] in metres and frame rate. */
    public record Item(String caption, Skeleton skeleton, float[][][] positions, float fps) {
        public Item {
            Motions.check(positions, skeleton.joints());
            if (!(fps > 0)) throw new GenkernException("item '" + caption + "' has fps " + fps + "; must be positive");
        }
    }

    public static void write(Path path, String title, List<Item> items) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(path, html(title, items), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FileErrors.writing(path, e);
        }
    }

    /** The page as a string. */
    public static String html(String title, List<Item> items) {
        if (items.isEmpty()) throw new GenkernException("an HTML viewer needs at least one motion");
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(escapeHtml(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(escapeHtml(title)).append("</h1>\n");
        sb.append("<div id=\"controls\"><button id=\"play\">pause</button> <input id=\"scrub\" type=\"range\" min=\"0\" max=\"1000\" value=\"0\">"
                + " <span id=\"clock\">0.00 s</span> speed <select id=\"speed\"><option>0.25</option><option>0.5</option>"
                + "<option selected>1</option><option>2</option></select> camera <select id=\"camera\"><option value=\"follow\" selected>follow"
                + "</option><option value=\"world\">world</option></select> <button id=\"reset\">reset camera</button>"
                + " <span class=\"legend\"><span class=\"left\">&#9632; left</span> <span class=\"right\">&#9632; right</span>"
                + " <span class=\"path\">&#9632; pelvis path</span></span>"
                + " <span class=\"hint\">drag: orbit, wheel: zoom, space: play/pause, &larr;/&rarr;: one frame, c: camera, r: reset, [ ]: speed</span>"
                + "</div>\n<div id=\"grid\" class=\"").append(items.size() == 1 ? "single" : "many").append("\">\n");
        for (int i = 0; i < items.size(); i++) {
            sb.append("<div class=\"cell\"><canvas id=\"view").append(i).append("\" width=\"640\" height=\"480\"></canvas><div class=\"cap\">")
                    .append(escapeHtml(items.get(i).caption())).append("</div></div>\n");
        }
        sb.append("</div>\n<script>\nconst MOTIONS = [\n");
        for (Item item : items) appendMotion(sb, item);
        sb.append("];\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void appendMotion(StringBuilder sb, Item item) {
        Skeleton s = item.skeleton();
        sb.append("{fps:").append(String.format(Locale.ROOT, "%.4f", item.fps())).append(",joints:").append(s.joints())
                .append(",frames:").append(item.positions().length).append(",parents:[");
        for (int j = 0; j < s.joints(); j++) sb.append(j == 0 ? "" : ",").append(s.parent(j));
        sb.append("],side:[");
        for (int j = 0; j < s.joints(); j++) sb.append(j == 0 ? "" : ",").append(JointSides.of(s.name(j)));
        sb.append("],mm:[");
        boolean first = true;
        for (float[][] frame : item.positions()) {
            for (float[] p : frame) {
                for (float v : p) {
                    if (!first) sb.append(',');
                    sb.append(Math.round(v * 1000));
                    first = false;
                }
            }
        }
        sb.append("]},\n");
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = """
            body { font-family: sans-serif; background: #f4f4f0; color: #222; margin: 12px; }
            h1 { font-size: 18px; margin: 0 0 8px 0; overflow-wrap: anywhere; }
            #controls { margin-bottom: 10px; line-height: 1.8; }
            #scrub { width: min(360px, 60vw); vertical-align: middle; }
            .hint { color: #888; font-size: 12px; }
            .legend { font-size: 13px; margin: 0 6px; }
            .legend .left { color: #2864d2; } .legend .right { color: #d23c32; } .legend .path { color: #c8a03c; }
            #grid { display: flex; flex-wrap: wrap; gap: 10px; }
            .cell { background: #fbfbf8; border: 1px solid #ddd; border-radius: 4px; flex: 1 1 360px; min-width: 280px; }
            .single .cell canvas { height: calc(100vh - 140px); min-height: 300px; }
            .many .cell canvas { height: 45vh; min-height: 280px; }
            .cell canvas { display: block; width: 100%; cursor: grab; }
            .cap { font-size: 12px; padding: 4px 6px; min-height: 30px; overflow-wrap: anywhere; }
            """;

    private static final String SCRIPT = """
            // Side-on by default: forward travel (+Z) crosses the view instead of coming at the camera.
            const HOME = { az: 1.25, el: 0.22, dist: 4.0 };
            const cam = Object.assign({ mode: 'follow' }, HOME);
            let playing = true, speed = 1, time = 0, last = null, drag = null;
            const duration = Math.max(...MOTIONS.map(m => m.frames / m.fps));
            const canvases = MOTIONS.map((m, i) => document.getElementById('view' + i));
            const COLORS = ['#464646', '#2864d2', '#d23c32'];
            const SPEEDS = [0.25, 0.5, 1, 2];
            function joint(m, t, j) { const k = (t * m.joints + j) * 3; return [m.mm[k] / 1000, m.mm[k + 1] / 1000, m.mm[k + 2] / 1000]; }
            // The floor box of each motion's pelvis path: where the world camera looks and how far back it stands.
            for (const m of MOTIONS) {
              let x0 = Infinity, x1 = -Infinity, z0 = Infinity, z1 = -Infinity;
              for (let t = 0; t < m.frames; t++) { const p = joint(m, t, 0); x0 = Math.min(x0, p[0]); x1 = Math.max(x1, p[0]); z0 = Math.min(z0, p[2]); z1 = Math.max(z1, p[2]); }
              m.center = [(x0 + x1) / 2, 0.9, (z0 + z1) / 2];
              m.extent = Math.hypot(x1 - x0, z1 - z0);
            }
            function project(p, eye, f, r, u, w, h, focal) {
              const dx = p[0] - eye[0], dy = p[1] - eye[1], dz = p[2] - eye[2];
              const d = dx * f[0] + dy * f[1] + dz * f[2];
              if (d < 0.05) return null;
              return [w / 2 + focal * (dx * r[0] + dy * r[1] + dz * r[2]) / d, h / 2 - focal * (dx * u[0] + dy * u[1] + dz * u[2]) / d, d];
            }
            function fit(canvas) {
              const ratio = window.devicePixelRatio || 1;
              const w = Math.round(canvas.clientWidth * ratio), h = Math.round(canvas.clientHeight * ratio);
              if (w > 0 && h > 0 && (canvas.width !== w || canvas.height !== h)) { canvas.width = w; canvas.height = h; }
            }
            function draw(m, canvas) {
              fit(canvas);
              const g = canvas.getContext('2d'), w = canvas.width, h = canvas.height;
              const t = Math.min(m.frames - 1, Math.floor(time * m.fps + 1e-6) % m.frames);
              const root = joint(m, t, 0);
              const world = cam.mode === 'world';
              const target = world ? m.center : [root[0], 0.9, root[2]];
              const dist = world ? cam.dist + m.extent : cam.dist;
              const eye = [target[0] + dist * Math.cos(cam.el) * Math.sin(cam.az), target[1] + dist * Math.sin(cam.el),
                           target[2] + dist * Math.cos(cam.el) * Math.cos(cam.az)];
              let f = [target[0] - eye[0], target[1] - eye[1], target[2] - eye[2]];
              const fn = Math.hypot(...f); f = f.map(v => v / fn);
              let r = [-f[2], 0, f[0]]; const rn = Math.hypot(...r) || 1; r = r.map(v => v / rn);
              const u = [r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0]];
              const focal = Math.min(w, 1.4 * h) / (2 * Math.tan(22 * Math.PI / 180));
              const P = p => project(p, eye, f, r, u, w, h, focal);
              g.fillStyle = '#fbfbf8'; g.fillRect(0, 0, w, h);
              // A fixed 1 m floor grid around what is in view: the body moves over it.
              g.strokeStyle = '#d0d0ca'; g.lineWidth = 1;
              const span = Math.ceil(4 + (world ? m.extent / 2 : 0));
              const cx = Math.floor(target[0]), cz = Math.floor(target[2]);
              for (let i = -span; i <= span + 1; i++) {
                line(g, P([cx + i, 0, cz - span]), P([cx + i, 0, cz + span + 1]));
                line(g, P([cx - span, 0, cz + i]), P([cx + span + 1, 0, cz + i]));
              }
              // The pelvis's path on the floor: solid up to now, faint ahead.
              g.lineWidth = Math.max(1.5, h / 300);
              for (let k = 1; k < m.frames; k++) {
                const a = joint(m, k - 1, 0), b = joint(m, k, 0);
                g.strokeStyle = k <= t ? 'rgba(200,160,60,0.95)' : 'rgba(200,160,60,0.3)';
                line(g, P([a[0], 0, a[2]]), P([b[0], 0, b[2]]));
              }
              const pts = [];
              for (let j = 0; j < m.joints; j++) pts.push(P(joint(m, t, j)));
              const bones = [];
              for (let j = 1; j < m.joints; j++) if (m.parents[j] >= 0 && pts[j] && pts[m.parents[j]]) bones.push(j);
              bones.sort((a, b) => (pts[b][2] + pts[m.parents[b]][2]) - (pts[a][2] + pts[m.parents[a]][2]));
              g.lineCap = 'round'; g.lineWidth = Math.max(2, h / 90);
              for (const j of bones) {
                g.strokeStyle = COLORS[m.side[j]];
                line(g, pts[m.parents[j]], pts[j]);
              }
              g.fillStyle = '#666'; g.font = Math.max(11, Math.round(h / 40)) + 'px sans-serif';
              g.fillText('frame ' + t + ' / ' + m.frames + '   ' + (t / m.fps).toFixed(2) + ' s   ' + cam.mode + ' camera', 8, h - 8);
            }
            function line(g, a, b) { if (!a || !b) return; g.beginPath(); g.moveTo(a[0], a[1]); g.lineTo(b[0], b[1]); g.stroke(); }
            function frame(now) {
              if (last !== null && playing) time = (time + (now - last) / 1000 * speed) % duration;
              last = now;
              MOTIONS.forEach((m, i) => draw(m, canvases[i]));
              document.getElementById('scrub').value = Math.round(1000 * time / duration);
              document.getElementById('clock').textContent = time.toFixed(2) + ' s';
              requestAnimationFrame(frame);
            }
            function toggle() { playing = !playing; document.getElementById('play').textContent = playing ? 'pause' : 'play'; }
            function step(frames) {
              if (playing) toggle();
              const fps = MOTIONS[0].fps;
              time = Math.min(duration - 1e-6, Math.max(0, (Math.round(time * fps) + frames) / fps));
            }
            function setSpeed(s) { speed = s; document.getElementById('speed').value = String(s); }
            function setCamera(mode) { cam.mode = mode; document.getElementById('camera').value = mode; }
            function reset() { Object.assign(cam, HOME); }
            document.getElementById('play').onclick = toggle;
            document.addEventListener('keydown', e => {
              if (e.target.tagName === 'SELECT' || e.target.tagName === 'INPUT') return;
              const i = SPEEDS.indexOf(speed);
              if (e.code === 'Space') { e.preventDefault(); toggle(); }
              else if (e.key === 'ArrowRight') { e.preventDefault(); step(1); }
              else if (e.key === 'ArrowLeft') { e.preventDefault(); step(-1); }
              else if (e.key === 'c') setCamera(cam.mode === 'follow' ? 'world' : 'follow');
              else if (e.key === 'r') reset();
              else if (e.key === ']') setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, i + 1)]);
              else if (e.key === '[') setSpeed(SPEEDS[Math.max(0, i - 1)]);
            });
            document.getElementById('scrub').oninput = e => { time = e.target.value / 1000 * duration; };
            document.getElementById('speed').onchange = e => { speed = parseFloat(e.target.value); };
            document.getElementById('camera').onchange = e => { cam.mode = e.target.value; };
            document.getElementById('reset').onclick = reset;
            for (const c of canvases) {
              c.addEventListener('mousedown', e => { drag = [e.clientX, e.clientY]; });
              c.addEventListener('wheel', e => { e.preventDefault(); cam.dist = Math.min(20, Math.max(1.5, cam.dist * Math.exp(e.deltaY * 0.001))); }, { passive: false });
            }
            window.addEventListener('mouseup', () => { drag = null; });
            window.addEventListener('mousemove', e => {
              if (!drag) return;
              cam.az -= (e.clientX - drag[0]) * 0.01;
              cam.el = Math.min(1.4, Math.max(-0.2, cam.el + (e.clientY - drag[1]) * 0.01));
              drag = [e.clientX, e.clientY];
            });
            requestAnimationFrame(frame);
            """;
}
