const express = require('express');
const db = require('../models');

const router = express.Router();

// (courseId, studentId) is unique: a double click enrols once and answers the second
// request with a 500 from the unhandled unique violation.
router.post('/courses/:courseId/enrol', async (req, res, next) => {
  try {
    const courseId = Number(req.params.courseId);
    const studentId = req.user.id;
    const existing = await db.Enrollment.findOne({ where: { courseId, studentId } });
    if (existing) return res.status(409).json({ error: 'already enrolled' });
    const enrollment = await db.Enrollment.create({ courseId, studentId }); // expect: race/no-check-then-create
    return res.status(201).json(enrollment);
  } catch (error) {
    return next(error);
  }
});

// The check reads the course, the create writes an enrollment: different records.
router.post('/courses/:courseId/waitlist', async (req, res) => {
  const courseId = Number(req.params.courseId);
  const course = await db.Course.findByPk(courseId);
  if (!course) return res.sendStatus(404);
  const enrollment = await db.Enrollment.create({ courseId, studentId: req.user.id, status: 'waitlisted' }); // safe: race/no-check-then-create
  return res.status(201).json(enrollment);
});

// Handled: a duplicate answers 409 like the check does.
router.post('/courses/:courseId/join', async (req, res) => {
  const courseId = Number(req.params.courseId);
  const studentId = req.user.id;
  const existing = await db.Enrollment.findOne({ where: { courseId, studentId } });
  if (existing) return res.sendStatus(409);
  try {
    await db.Enrollment.create({ courseId, studentId }); // safe: race/no-check-then-create
  } catch (error) {
    if (error.name === 'SequelizeUniqueConstraintError') return res.sendStatus(409);
    throw error;
  }
  return res.sendStatus(201);
});

// Two students take the last seat: both see one left before either decrements.
router.post('/courses/:courseId/seat', async (req, res) => {
  const course = await db.Course.findByPk(Number(req.params.courseId));
  if (!course) return res.sendStatus(404);
  if (course.seats <= 0) return res.status(409).json({ error: 'course full' });
  await course.decrement('seats'); // expect: race/no-read-modify-write
  return res.sendStatus(204);
});

// SERIALIZABLE: the second transaction fails to commit instead of overbooking.
router.post('/courses/:courseId/seat-serializable', async (req, res) => {
  await db.sequelize.transaction({ isolationLevel: 'SERIALIZABLE' }, async (t) => {
    const course = await db.Course.findByPk(Number(req.params.courseId), { transaction: t });
    if (!course || course.seats <= 0) throw new Error('course full');
    await course.update({ seats: course.seats - 1 }, { transaction: t }); // safe: race/no-read-modify-write
  });
  return res.sendStatus(204);
});

module.exports = router;
