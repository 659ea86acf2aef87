using ChestScreener.Training;

return TrainingCli.Run(args);
