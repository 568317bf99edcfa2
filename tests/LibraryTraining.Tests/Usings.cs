global using LibraryTraining.Programmes;
global using LibraryTraining.Workflow;
