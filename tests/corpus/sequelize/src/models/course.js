'use strict';
const { Model } = require('sequelize');

module.exports = (sequelize, DataTypes) => {
  class Course extends Model {}
  Course.init(
    {
      title: { type: DataTypes.STRING, allowNull: false },
      seats: { type: DataTypes.INTEGER, allowNull: false },
    },
    { sequelize, modelName: 'Course' },
  );
  return Course;
};
