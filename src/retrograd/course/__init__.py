"""What the course's notebooks use beyond the library: the checks that give a
student feedback on an exercise, in the notebook's language, and the grading
of handed-in labs."""
