"""The secretariat of the comité's séances: attendance on the day, corrected decisions and
withdrawn items, written consultations between séances, members' questions, the members'
calendar feed and the public record of decisions."""
