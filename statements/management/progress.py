"""The progress bar of long commands."""


class ProgressBar:
    """A one-line bar redrawn in place on a terminal; on a pipe or in a log, a line
    at each quarter so the output stays readable. Called as ``bar(done, total)``;
    stays silent for fewer than ``minimum`` items."""

    WIDTH = 30

    def __init__(self, stdout, unit="rows", minimum=200, verb="read"):
        self.stdout = stdout
        self.unit = unit
        self.minimum = minimum
        self.verb = verb
        self.is_terminal = stdout.isatty()
        self.last_quarter = -1

    def __call__(self, done, total):
        if total < self.minimum:
            return
        if self.is_terminal:
            filled = self.WIDTH * done // total
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.stdout.write(f"\r[{bar}] {done}/{total} {self.unit}", ending="")
            if done == total:
                self.stdout.write("")
        elif (quarter := 4 * done // total) != self.last_quarter:
            self.last_quarter = quarter
            self.stdout.write(f"  {self.verb} {done}/{total} {self.unit}")
