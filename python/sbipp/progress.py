"""Training progress on stderr: one line rewritten after each epoch, ended by a newline."""
import sys


class EpochPrinter:
    def __init__(self, label):
        self.label = label
        self.best = float("inf")
        self.printed = False

    def __call__(self, epoch, train_loss, validation_loss, seconds):
        self.best = min(self.best, validation_loss)
        sys.stderr.write(f"\r  {self.label} epoch {epoch:5d}  train {train_loss:<10.5g} "
                         f"val {validation_loss:<10.5g} best {self.best:<10.5g} {seconds:.2f}s ")
        sys.stderr.flush()
        self.printed = True

    def finish(self, record):
        if self.printed:
            sys.stderr.write(f"\n  {self.label}: {record['epochs']} epochs, best validation loss "
                             f"{record['best_validation_loss']:.5g} (epoch {record['best_epoch']})\n")
            sys.stderr.flush()
