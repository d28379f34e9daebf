'use strict';
const { Model } = require('sequelize');

module.exports = (sequelize, DataTypes) => {
  class Enrollment extends Model {
    static associate(models) {
      Enrollment.belongsTo(models.Course, { foreignKey: 'courseId' });
    }
  }
  Enrollment.init(
    {
      courseId: { type: DataTypes.INTEGER, allowNull: false, unique: 'course_student' },
      studentId: { type: DataTypes.INTEGER, allowNull: false, unique: 'course_student' },
      status: { type: DataTypes.STRING, defaultValue: 'active' },
    },
    { sequelize, modelName: 'Enrollment' },
  );
  return Enrollment;
};
