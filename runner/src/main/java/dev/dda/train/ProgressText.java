package dev.dda.train;

import java.time.Duration;
import java.util.Locale;

/** One human line per training event, for whoever prints progress (the CLI, the local target's job log). */
public final class ProgressText {
    private ProgressText() {}

    public static String of(TrainingEvent event) {
        if (event instanceof TrainingEvent.DataReady d) {
            return String.format(Locale.ROOT,
                    "images: train %d normal + %d anomaly, validation %d + %d, test %d + %d (read in %s)",
                    d.trainNormal(), d.trainAnomaly(), d.validationNormal(), d.validationAnomaly(), d.testNormal(),
                    d.testAnomaly(), duration(d.elapsed()));
        }
        if (event instanceof TrainingEvent.EpochDone e) {
            return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  validation AUROC %.3f  %s elapsed, %s left",
                    e.epoch(), e.epochs(), e.loss(), e.validationAuroc(), duration(e.elapsed()),
                    duration(e.remaining()));
        }
        if (event instanceof TrainingEvent.ExemplarsFitted x) {
            return String.format(Locale.ROOT, "exemplars: %d of %d training normals; a normal's typical distance %.5f"
                    + " scores 0.5 (%s elapsed)", x.exemplars(), x.normals(), x.scale(), duration(x.elapsed()));
        }
        TrainingResult r = ((TrainingEvent.Finished) event).result();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "threshold %.4f (max F1 on validation); validation AUROC %.3f F1 %.3f", r.threshold(),
                r.validation().auroc(), r.validation().confusion().f1()));
        r.test().ifPresent(t -> line.append(String.format(Locale.ROOT,
                "; held-out test (%d images): AUROC %.3f F1 %.3f precision %.3f recall %.3f",
                t.scores().scores().length, t.auroc(), t.confusion().f1(), t.confusion().precision(),
                t.confusion().recall())));
        return line.append("; trained in ").append(duration(r.trainTime())).toString();
    }

    public static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
